using System.Collections.Frozen;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Todo.Api.Auth.Jwks;

// The frontend's key set (Auth:JwksUrl), fetched when first needed. A token whose kid is not held makes it
// fetch again, at most once per Auth:JwksMinRefreshSeconds, so a flood of made-up kids costs the frontend one
// request per interval. When a fetch fails the keys already held keep working. Held keys are refreshed in the
// background once they are an hour old.
internal sealed partial class JwksKeyCache(IHttpClientFactory httpClients, IOptions<AuthOptions> options, TimeProvider clock,
    ILogger<JwksKeyCache> logger)
{
    public const string HttpClientName = "jwks";

    // How long a request waits for a fetch; the fetch itself goes on and serves the next request.
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxAge = TimeSpan.FromHours(1);

    private readonly Lock gate = new();
    private volatile KeySet held = new(FrozenDictionary<string, SecurityKey>.Empty, DateTimeOffset.MinValue);
    private DateTimeOffset lastAttempt = DateTimeOffset.MinValue;
    private Task refreshing = Task.CompletedTask;

    public SecurityKey? Find(string? kid) => kid is not null && held.Keys.TryGetValue(kid, out var key) ? key : null;

    public async Task EnsureKeyAsync(string kid, CancellationToken cancellationToken)
    {
        var current = held;
        if (current.Keys.ContainsKey(kid))
        {
            if (clock.GetUtcNow() - current.FetchedAt > MaxAge)
            {
                _ = Refresh();
            }
            return;
        }

        try
        {
            await Refresh().WaitAsync(MaxWait, clock, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
    }

    private Task Refresh()
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (!refreshing.IsCompleted || now - lastAttempt < TimeSpan.FromSeconds(options.Value.JwksMinRefreshSeconds))
            {
                return refreshing;
            }

            lastAttempt = now;
            return refreshing = Task.Run(FetchAsync);
        }
    }

    private async Task FetchAsync()
    {
        var url = options.Value.JwksUrl!;
        try
        {
            var json = await httpClients.CreateClient(HttpClientName).GetStringAsync(new Uri(url));
            var fetched = JsonWebKeys.Parse(json);
            held = new KeySet(fetched.ToFrozenDictionary(StringComparer.Ordinal), clock.GetUtcNow());
            LogFetched(logger, fetched.Count, url);
        }
#pragma warning disable CA1031 // A failed fetch, whatever the cause, keeps the keys already held.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFetchFailed(logger, url, exception.GetType().Name, exception.Message);
        }
    }

    private sealed record KeySet(FrozenDictionary<string, SecurityKey> Keys, DateTimeOffset FetchedAt);

    [LoggerMessage(LogLevel.Information, "Fetched {KeyCount} signing keys from {JwksUrl}.")]
    private static partial void LogFetched(ILogger logger, int keyCount, string jwksUrl);

    [LoggerMessage(LogLevel.Warning, "Could not fetch the signing keys from {JwksUrl} ({Error}: {Message}); keeping the keys already held.")]
    private static partial void LogFetchFailed(ILogger logger, string jwksUrl, string error, string message);
}
