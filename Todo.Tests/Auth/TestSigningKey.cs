using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Auth;

// A key pair as the frontend holds it: the public half as a JWK, the private half signing tokens. The
// signatures come from implementations other than the code under test: IdentityModel's signing side for
// RSA and ECDSA, BouncyCastle for Ed25519.
public sealed class TestSigningKey
{
    private readonly Func<byte[], byte[]> sign;

    private TestSigningKey(string algorithm, JsonObject publicJwk, Func<byte[], byte[]> sign)
    {
        Algorithm = algorithm;
        PublicJwk = publicJwk;
        this.sign = sign;
    }

    public string Algorithm { get; }

    public string Kid => PublicJwk["kid"]!.GetValue<string>();

    public JsonObject PublicJwk { get; }

    public static TestSigningKey Ed25519(string? kid = null)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        var publicKey = (Ed25519PublicKeyParameters)pair.Public;
        var jwk = new JsonObject
        {
            ["kty"] = "OKP",
            ["crv"] = "Ed25519",
            ["x"] = Base64UrlEncoder.Encode(publicKey.GetEncoded()),
            ["kid"] = kid ?? NewKid(),
            ["alg"] = "EdDSA",
        };

        return new TestSigningKey("EdDSA", jwk, data =>
        {
            var signer = new Ed25519Signer();
            signer.Init(true, pair.Private);
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        });
    }

    public static TestSigningKey Ecdsa(string? kid = null)
    {
        var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            ["kid"] = kid ?? NewKid(),
            ["use"] = "sig",
        };
        return FromIdentityModel(SecurityAlgorithms.EcdsaSha256, jwk, new ECDsaSecurityKey(ecdsa));
    }

    // algorithm: RS256 or PS256. pinAlgorithm puts it in the JWK's "alg".
    public static TestSigningKey Rsa(string algorithm, bool pinAlgorithm = false, string? kid = null)
    {
        var rsa = RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["kid"] = kid ?? NewKid(),
        };
        if (pinAlgorithm)
        {
            jwk["alg"] = algorithm;
        }
        return FromIdentityModel(algorithm, jwk, new RsaSecurityKey(rsa));
    }

    // A token as Better Auth's jwt plugin makes one: header alg and kid, the claims given.
    public string CreateToken(JsonObject payload, string? kidOverride = null) =>
        HandMadeJwt.Create(Header(kidOverride), payload, sign);

    public JsonObject Header(string? kidOverride = null) => new() { ["alg"] = Algorithm, ["kid"] = kidOverride ?? Kid, ["typ"] = "JWT" };

    public byte[] Sign(byte[] signingInput) => sign(signingInput);

    public string CreateToken(string userId, DateTimeOffset? expires = null, string? issuer = null, string? audience = null,
        string? kidOverride = null)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = new JsonObject
        {
            ["sub"] = userId,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (expires ?? now.AddMinutes(15)).ToUnixTimeSeconds(),
        };
        if (issuer is not null)
        {
            payload["iss"] = issuer;
        }
        if (audience is not null)
        {
            payload["aud"] = audience;
        }
        return CreateToken(payload, kidOverride);
    }

    private static TestSigningKey FromIdentityModel(string algorithm, JsonObject jwk, AsymmetricSecurityKey key) =>
        new(algorithm, jwk, data =>
        {
            var provider = CryptoProviderFactory.Default.CreateForSigning(key, algorithm);
            try
            {
                return provider.Sign(data);
            }
            finally
            {
                CryptoProviderFactory.Default.ReleaseSignatureProvider(provider);
            }
        });

    private static string NewKid() => Guid.NewGuid().ToString("N");
}
