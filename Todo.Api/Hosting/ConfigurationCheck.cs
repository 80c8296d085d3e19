using Microsoft.Extensions.Options;

namespace Todo.Api.Hosting;

internal static class ConfigurationCheck
{
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
