using System.Net;
using System.Net.Sockets;

namespace Todo.Tests.Infrastructure;

// An address that can be switched on: nothing listens on Port until Start, then every connection is
// relayed to the target. Lets a test take the database away and bring it back.
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private TcpListener? listener;
    private string targetHost = "";
    private int targetPort;

    public int Port { get; } = FreePort();

    public void Start(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener?.Stop();
        stopping.Dispose();
    }

    private async Task AcceptAsync(TcpListener server, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await server.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = RelayAsync(client, cancellationToken);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var target = new TcpClient())
        {
            try
            {
                await target.ConnectAsync(targetHost, targetPort, cancellationToken);
                var inbound = client.GetStream().CopyToAsync(target.GetStream(), cancellationToken);
                var outbound = target.GetStream().CopyToAsync(client.GetStream(), cancellationToken);
                await Task.WhenAny(inbound, outbound);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
