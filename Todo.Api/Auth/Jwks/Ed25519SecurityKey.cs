using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Todo.Api.Auth.Jwks;

// An Ed25519 public key from a JWK (kty OKP, crv Ed25519). Microsoft.IdentityModel has no EdDSA, so the key
// brings its own crypto provider, backed by NSec (libsodium).
internal sealed class Ed25519SecurityKey : SecurityKey
{
    public const string Algorithm = "EdDSA";

    private Ed25519SecurityKey(PublicKey publicKey, string keyId)
    {
        PublicKey = publicKey;
        KeyId = keyId;
        CryptoProviderFactory = new CryptoProviderFactory { CustomCryptoProvider = Ed25519CryptoProvider.Instance };
    }

    // x is the JWK's base64url-encoded 32-byte public key.
    public static Ed25519SecurityKey? FromJwk(string x, string keyId)
    {
        byte[] raw;
        try
        {
            raw = Base64UrlEncoder.DecodeBytes(x);
        }
        catch (FormatException)
        {
            return null;
        }

        return PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var publicKey) && publicKey is not null
            ? new Ed25519SecurityKey(publicKey, keyId)
            : null;
    }

    public PublicKey PublicKey { get; }

    public override int KeySize => 256;
}
