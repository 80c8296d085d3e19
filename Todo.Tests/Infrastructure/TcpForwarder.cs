using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Todo.Tests.Infrastructure;

// An address in front of a database that a test can break: nothing listens on Port until Start, then every
// connection is relayed to the database (ConnectionString reaches it this way). Stop is a crash (open connections close,
// new ones are refused); Pause is a hung server (connections are still accepted, but no byte goes through either way
// until Resume).
// It counts what crosses it: connections, and round trips (each time the client speaks after the server did, or first).
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private int roundTrips;
    private int connections;

    private readonly Lock gate = new();
    private CancellationTokenSource running = new();
    private TaskCompletionSource flowing = Flowing();
    private TcpListener? listener;

    public TcpForwarder(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        (targetHost, targetPort) = (database.Host!, database.Port);
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;
    }

    public int Port { get; } = PostgresServer.FreePort();

    public string ConnectionString { get; }

    public int RoundTrips => Volatile.Read(ref roundTrips);
    public int Connections => Volatile.Read(ref connections);

    public void Start()
    {
        lock (gate)
        {
            running = new CancellationTokenSource();
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            _ = AcceptAsync(listener, running.Token);
        }
    }

    public void Stop()
    {
        lock (gate)
        {
            running.Cancel();
            listener?.Stop();
            listener = null;
        }
    }

    public void Pause()
    {
        lock (gate)
        {
            if (flowing.Task.IsCompleted)
            {
                flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (gate)
        {
            flowing.TrySetResult();
        }
    }

    // For a pool that opens connections in the background (Database:WarmConnections).
    // At least count connections, and no new one for a moment: a pool being filled has finished.
    public async Task WaitForConnectionsAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var (seen, stableSince) = (-1, DateTime.UtcNow);
        while (Connections < count || DateTime.UtcNow - stableSince < TimeSpan.FromMilliseconds(300))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{Connections} connections, not {count}.");
            if (Connections != seen)
            {
                (seen, stableSince) = (Connections, DateTime.UtcNow);
            }
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync()
    {
        Resume();
        Stop();
        running.Dispose();
        return ValueTask.CompletedTask;
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
                Interlocked.Increment(ref connections);
                var turn = new Turn();
                var inbound = PumpAsync(client.GetStream(), target.GetStream(), turn, fromClient: true, cancellationToken);
                var outbound = PumpAsync(target.GetStream(), client.GetStream(), turn, fromClient: false, cancellationToken);
                await Task.WhenAny(inbound, outbound);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }

    // Bytes read while paused are held back until Resume, as a stopped server leaves them in its socket buffer.
    private async Task PumpAsync(NetworkStream from, NetworkStream to, Turn turn, bool fromClient, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            // Whoever spoke last: the client speaking after the server (or first) starts a round trip.
            if (fromClient && Interlocked.Exchange(ref turn.ClientSpokeLast, 1) == 0)
            {
                Interlocked.Increment(ref roundTrips);
            }
            else if (!fromClient)
            {
                Volatile.Write(ref turn.ClientSpokeLast, 0);
            }

            Task open;
            lock (gate)
            {
                open = flowing.Task;
            }
            await open.WaitAsync(cancellationToken);
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    private sealed class Turn
    {
        public int ClientSpokeLast;
    }

    private static TaskCompletionSource Flowing()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
