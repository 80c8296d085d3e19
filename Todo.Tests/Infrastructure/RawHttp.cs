using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Todo.Tests.Infrastructure;

public enum HangUp { No, Closing, Resetting }

// HTTP/1.1 as bytes on a socket, for requests no HttpClient would send: broken chunked framing, a body cut
// short. Every request asks for Connection: close, so the response ends where the stream does.
public static class RawHttp
{
    public static byte[] Request(string method, string path, string token, string framingHeader, string body) =>
        Encoding.ASCII.GetBytes($"{method} {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {token}\r\n"
            + $"Content-Type: application/json\r\n{framingHeader}\r\nConnection: close\r\n\r\n{body}");

    // The response, or null when the client hangs up instead of reading one.
    public static async Task<HttpResponseMessage?> SendAsync(Uri server, byte[] request, HangUp hangUp = HangUp.No)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);

        if (hangUp != HangUp.No)
        {
            // Kestrel takes a half-closed connection for a client that has gone, so neither waits for an answer.
            client.LingerState = new LingerOption(true, 0);
            if (hangUp == HangUp.Closing)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
            return null;
        }

        using var response = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await stream.CopyToAsync(response, timeout.Token);
        }
        catch (IOException) when (response.Length > 0)
        {
            // Kestrel may reset a connection it gave up on right after answering; the answer is what counts.
        }
        return Parse(Encoding.UTF8.GetString(response.ToArray()));
    }

    // As an HttpResponseMessage, so the usual assertions read it.
    private static HttpResponseMessage Parse(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..end].Split("\r\n");
        var headers = lines.Skip(1).Select(line => line.Split(':', 2))
            .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = text[(end + 4)..];
        if (headers.GetValueOrDefault("Transfer-Encoding") == "chunked")
        {
            body = Dechunk(body);
        }

        var content = new StringContent(body);
        content.Headers.ContentType = headers.TryGetValue("Content-Type", out var type) ? MediaTypeHeaderValue.Parse(type) : null;
        return new HttpResponseMessage((HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture)) { Content = content };
    }

    private static string Dechunk(string body)
    {
        var text = new StringBuilder();
        for (var at = 0; at < body.Length;)
        {
            var lineEnd = body.IndexOf("\r\n", at, StringComparison.Ordinal);
            var size = Convert.ToInt32(body[at..lineEnd], 16);
            if (size == 0)
            {
                break;
            }
            text.Append(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return text.ToString();
    }
}
