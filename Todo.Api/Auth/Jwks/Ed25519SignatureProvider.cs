using Microsoft.IdentityModel.Tokens;
using NSec.Cryptography;

namespace Todo.Api.Auth.Jwks;

// Verification only: the API never signs tokens.
internal sealed class Ed25519SignatureProvider(Ed25519SecurityKey key) : SignatureProvider(key, Ed25519SecurityKey.Algorithm)
{
    public override bool Verify(byte[] input, byte[] signature) =>
        SignatureAlgorithm.Ed25519.Verify(key.PublicKey, input, signature);

    public override bool Verify(byte[] input, int inputOffset, int inputLength, byte[] signature, int signatureOffset, int signatureLength) =>
        SignatureAlgorithm.Ed25519.Verify(key.PublicKey, input.AsSpan(inputOffset, inputLength), signature.AsSpan(signatureOffset, signatureLength));

    public override byte[] Sign(byte[] input) => throw new NotSupportedException("Ed25519 keys from a JWKS are public keys.");

    protected override void Dispose(bool disposing)
    {
    }
}
