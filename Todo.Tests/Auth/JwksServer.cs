using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Todo.Tests.Auth;

// A stand-in for the frontend's /api/auth/jwks, served over real HTTP inside the test process. Tests publish
// keys, count the fetches and take it down.
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly List<JsonObject> keys = [];
    private int fetches;

    private JwksServer(WebApplication app) => this.app = app;

    public string Url => app.Urls.Single() + "/api/auth/jwks";

    public int Fetches => Volatile.Read(ref fetches);

    public bool Down { get; set; }

    public static async Task<JwksServer> StartAsync(params TestSigningKey[] published)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var server = new JwksServer(builder.Build());
        server.app.MapGet("/api/auth/jwks", server.Serve);
        foreach (var key in published)
        {
            server.Publish(key.PublicJwk);
        }
        await server.app.StartAsync();
        return server;
    }

    public void Publish(JsonObject jwk)
    {
        lock (gate)
        {
            keys.Add(jwk);
        }
    }

    public void Withdraw(JsonObject jwk)
    {
        lock (gate)
        {
            keys.Remove(jwk);
        }
    }

    private IResult Serve()
    {
        Interlocked.Increment(ref fetches);
        if (Down)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        lock (gate)
        {
            var set = new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => k.DeepClone())]) };
            return Results.Text(set.ToJsonString(), "application/json");
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
