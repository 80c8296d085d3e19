using System.Diagnostics;

namespace Todo.Tests.Infrastructure;

// The API as an operator starts it: its own process, for what only a process shows (exit code, console).
public static class ApiProcess
{
    public sealed record Outcome(int Code, string Output, string Error);

    public static async Task<Outcome> RunAsync(Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Todo.Api.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var inherited in new[] { "ConnectionStrings__tododb", "DATABASE_URL", "BETTER_AUTH_SECRET", "Auth__Secret", "Auth__JwksUrl" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The API did not exit within 60 s.");
        }
        return new Outcome(process.ExitCode, await output, await error);
    }
}
