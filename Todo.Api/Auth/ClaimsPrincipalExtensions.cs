using System.Security.Claims;

namespace Todo.Api.Auth;

internal static class ClaimsPrincipalExtensions
{
    // The one way to know the caller: the verified token's sub (claims are not remapped, MapInboundClaims =
    // false, and a token without sub never authenticates). Only called behind RequireAuthorization.
    public static string GetUserId(this ClaimsPrincipal user) =>
        user.FindFirstValue("sub") ?? throw new InvalidOperationException("GetUserId needs an authenticated user.");
}
