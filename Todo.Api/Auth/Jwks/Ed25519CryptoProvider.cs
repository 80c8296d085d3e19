using Microsoft.IdentityModel.Tokens;

namespace Todo.Api.Auth.Jwks;

// Offers EdDSA for Ed25519 keys only, so no other algorithm can be used with them, and EdDSA with no other key.
internal sealed class Ed25519CryptoProvider : ICryptoProvider
{
    public static Ed25519CryptoProvider Instance { get; } = new();

    public bool IsSupportedAlgorithm(string algorithm, params object[] args) =>
        algorithm == Ed25519SecurityKey.Algorithm && args is [Ed25519SecurityKey, ..];

    public object Create(string algorithm, params object[] args) =>
        IsSupportedAlgorithm(algorithm, args)
            ? new Ed25519SignatureProvider((Ed25519SecurityKey)args[0])
            : throw new NotSupportedException($"{algorithm} is not supported for this key.");

    public void Release(object cryptoInstance) => (cryptoInstance as IDisposable)?.Dispose();
}
