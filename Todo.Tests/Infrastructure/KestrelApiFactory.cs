using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Todo.Tests.Infrastructure;

// The API on a real Kestrel socket, for what the in-memory test server cannot carry: requests that break HTTP/1.1
// framing (it never parses it), and clients that are not .NET (node, a browser). Keeps every log line, to show what
// the API made of a request.
public sealed class KestrelApiFactory : TodoApiFactory
{
    private Uri? address;

    public KestrelApiFactory() : base(new() { Settings = { [WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0" }, Logs = LogLevel.Trace }) =>
        UseKestrel(0);

    // Starts the server on first use.
    public Uri Address => address ??= Start();

    private Uri Start()
    {
        StartServer();
        // Only what requests cause is under test: on an empty database EF Core's first look for its
        // migrations history table is logged as an Error before it creates the table.
        Logs.Clear();
        var listening = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(listening.EndsWith('/') ? listening : listening + "/");
    }
}
