using Microsoft.Extensions.Options;

namespace Todo.Api.Http;

internal static class HostingExtensions
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

    // ValidateOnStart would report through the host: a "Hosting failed to start" log with a stack trace and
    // exit code 134. Checked first, a person gets one line per problem to fix, and the exit code is 1.
    public static bool ConfigurationIsValid(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
            return true;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException)
        {
            var failures = ex is AggregateException many ? many.InnerExceptions : [ex];
            foreach (var message in failures.SelectMany(f => f is OptionsValidationException o ? o.Failures : [f.Message]))
            {
                Console.Error.WriteLine($"Configuration error: {message}");
            }
            return false;
        }
    }
}
