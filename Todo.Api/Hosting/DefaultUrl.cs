namespace Todo.Api.Hosting;

internal static class DefaultUrl
{
    // The frontend expects the API on :8000. Anything the operator configured (ASPNETCORE_URLS, --urls,
    // ASPNETCORE_HTTP_PORTS as container images set it, Kestrel endpoints) wins over this default.
    public static WebApplicationBuilder UseDefaultUrlWhenNoneConfigured(this WebApplicationBuilder builder, string url)
    {
        var config = builder.Configuration;
        var configured = config[WebHostDefaults.ServerUrlsKey] is not null
            || config[WebHostDefaults.HttpPortsKey] is not null
            || config[WebHostDefaults.HttpsPortsKey] is not null
            || config.GetSection("Kestrel:Endpoints").Exists();

        if (!configured)
        {
            builder.WebHost.UseUrls(url);
        }

        return builder;
    }
}
