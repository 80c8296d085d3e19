using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Todo.Tests.Infrastructure;

// The API on a real Kestrel socket: the in-memory test server never parses HTTP/1.1 framing, so requests
// that break it have to come over TCP. Keeps every log line, to show what the API made of them.
public sealed class SocketApi : TodoApiFactory
{
    private Uri? address;

    public SocketApi() => UseKestrel(0);

    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public Uri Address => address ??= Start();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        builder.ConfigureLogging(logging => logging.AddFakeLogging().AddFilter<FakeLoggerProvider>(null, LogLevel.Trace));
    }

    private Uri Start()
    {
        StartServer();
        // Only what requests cause is under test: on an empty database EF Core's first look for its
        // migrations history table is logged as an Error before it creates the table.
        Logs.Clear();
        return new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
