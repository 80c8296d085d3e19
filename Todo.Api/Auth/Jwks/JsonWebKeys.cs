using Microsoft.IdentityModel.Tokens;

namespace Todo.Api.Auth.Jwks;

internal static class JsonWebKeys
{
    // The signing keys of a JWKS document, by kid. RSA and EC keys verify through IdentityModel as they are;
    // Ed25519 (OKP) keys get NSec. Symmetric ("oct") keys are refused: a key in a public set is no secret.
    // A key that cannot be read is left out rather than failing the whole set.
    public static Dictionary<string, SecurityKey> Parse(string json)
    {
        var keys = new Dictionary<string, SecurityKey>(StringComparer.Ordinal);
        foreach (var jwk in new JsonWebKeySet(json).Keys)
        {
            if (string.IsNullOrEmpty(jwk.Kid) || jwk.Use is { Length: > 0 } and not JsonWebKeyUseNames.Sig)
            {
                continue;
            }

            SecurityKey? key = jwk.Kty switch
            {
                JsonWebAlgorithmsKeyTypes.RSA or JsonWebAlgorithmsKeyTypes.EllipticCurve => jwk,
                "OKP" when jwk.Crv == "Ed25519" && jwk.X is { Length: > 0 } x => Ed25519SecurityKey.FromJwk(x, jwk.Kid),
                _ => null,
            };
            if (key is not null)
            {
                keys[jwk.Kid] = key;
            }
        }

        return keys;
    }

    // A JWK that names its algorithm may only be used with that algorithm.
    public static bool AllowsAlgorithm(this SecurityKey key, string algorithm) =>
        key is not JsonWebKey { Alg: { Length: > 0 } pinned } || pinned == algorithm;
}
