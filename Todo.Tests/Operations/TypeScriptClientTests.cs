using System.Diagnostics;
using System.Security.Cryptography;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

// What a frontend gets from the document: openapi-typescript turns the live /openapi/v1.json into types,
// TypeScriptClient/client.ts must compile against them under tsc --strict (with @ts-expect-error lines for
// what the types must refuse), then run its round trip over HTTP with openapi-fetch. Needs node and npm.
public sealed class TypeScriptClientTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static readonly string Folder = FindClientFolder();

    [Fact]
    public async Task AGeneratedTypeScriptClientCompilesStrictlyAndRoundTripsEveryRoute()
    {
        var address = api.Address;
        using var http = new HttpClient { BaseAddress = address };
        await File.WriteAllTextAsync(Path.Combine(Folder, "openapi.json"), await http.GetStringAsync("/openapi/v1.json"));
        await InstallPackagesAsync();

        await RunAsync("npx", ["--no-install", "openapi-typescript", "openapi.json", "--output", "generated/api.d.ts"]);
        if (Directory.Exists(Path.Combine(Folder, "dist")))
        {
            Directory.Delete(Path.Combine(Folder, "dist"), recursive: true);
        }
        await RunAsync("npx", ["--no-install", "tsc", "--strict", "--project", "tsconfig.json"]);
        var output = await RunAsync("node", ["dist/client.js"], new()
        {
            ["TODO_API_URL"] = address.ToString().TrimEnd('/'),
            ["TODO_TOKEN"] = TestTokens.For(TodoApiFactory.NewUserId()),
        });

        Assert.Contains("round trip ok", output, StringComparison.Ordinal);
    }

    // npm ci wipes node_modules, so it runs only when the lock changed since the last install.
    private static async Task InstallPackagesAsync()
    {
        var lockHash = Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(Path.Combine(Folder, "package-lock.json"))));
        var stamp = Path.Combine(Folder, "node_modules", ".installed-lock-sha256");
        if (File.Exists(stamp) && await File.ReadAllTextAsync(stamp) == lockHash)
        {
            return;
        }

        await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], timeout: TimeSpan.FromMinutes(5));
        await File.WriteAllTextAsync(stamp, lockHash);
    }

    private static async Task<string> RunAsync(string file, string[] arguments, Dictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = StartOrExplain(start);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in time.");
        }

        var text = await output + await error;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{text}");
        return text;
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"This test needs node (20 or later) and npm on PATH: {start.FileName} did not start.", e);
        }
    }

    private static string FindClientFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Todo.Tests", "TypeScriptClient");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("Todo.Tests/TypeScriptClient was not found above the test output folder.");
    }
}
