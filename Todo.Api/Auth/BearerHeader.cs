namespace Todo.Api.Auth;

internal static class BearerHeader
{
    // The token of "Authorization: Bearer <token>", or empty when the request carries none.
    public static ReadOnlySpan<char> TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString().AsSpan();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : default;
    }
}
