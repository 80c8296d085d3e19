using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// The API with Auth:JwksUrl pointing at an in-process JWKS endpoint that publishes one key of each kind.
public class JwksApi : IAsyncLifetime
{
    public TestSigningKey EdDsa { get; } = TestSigningKey.Ed25519();
    public TestSigningKey Es256 { get; } = TestSigningKey.Ecdsa();
    public TestSigningKey Rs256 { get; } = TestSigningKey.Rsa("RS256");
    public TestSigningKey Ps256 { get; } = TestSigningKey.Rsa("PS256", pinAlgorithm: true);

    public JwksServer Jwks { get; private set; } = null!;

    public TodoApiFactory Api { get; private set; } = null!;

    // Keys published during a test are fetched at once; JwksCacheTests cover the refresh limit.
    protected virtual Dictionary<string, string?> Settings(string jwksUrl) =>
        new() { ["Auth:JwksUrl"] = jwksUrl, ["Auth:JwksMinRefreshSeconds"] = "0" };

    public TestSigningKey Key(string algorithm) => algorithm switch
    {
        "EdDSA" => EdDsa,
        "ES256" => Es256,
        "RS256" => Rs256,
        "PS256" => Ps256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    public async Task InitializeAsync()
    {
        Jwks = await JwksServer.StartAsync(EdDsa, Es256, Rs256, Ps256);
        Api = new TodoApiFactory(new() { Settings = Settings(Jwks.Url) });
        await Api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await Jwks.DisposeAsync();
    }
}
