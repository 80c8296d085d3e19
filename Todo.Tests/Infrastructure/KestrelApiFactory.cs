using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Todo.Tests.Infrastructure;

// The API on a real Kestrel port, for clients that are not .NET (node, a browser) and so cannot use the
// in-memory test server.
public sealed class KestrelApiFactory : TodoApiFactory
{
    public KestrelApiFactory() : base(new() { ["urls"] = "http://127.0.0.1:0" }) => UseKestrel(0);

    public Uri StartAndGetAddress()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
