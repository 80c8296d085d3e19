using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Configuration;

namespace Todo.AppHost;

internal static class DatabaseChoice
{
    // Postgres:Mode picks one by hand: container or executable. The default, auto, takes a connection string
    // when there is one, then a container runtime that answers, then the local server binaries.
    public static IResourceBuilder<IResourceWithConnectionString> AddChosenDatabase(this IDistributedApplicationBuilder builder, string name)
    {
        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 })
        {
            return builder.AddConnectionString(name);
        }

        var mode = builder.Configuration["Postgres:Mode"] ?? "auto";
        var binaries = PostgresBinaries.FindBinDirectory();
        if (mode == "container" || (mode == "auto" && ContainerRuntimeAnswers(builder.Configuration)))
        {
            var server = builder.AddPostgres("postgres");
            if (builder.Configuration.GetValue("Postgres:DataVolume", true))
            {
                server.WithDataVolume();
            }
            return server.AddDatabase(name);
        }
        if (mode is "executable" or "auto" && binaries is not null)
        {
            return builder.AddLocalPostgres("postgres", binaries).AddDatabase(name);
        }

        throw new DistributedApplicationException(mode is "auto" or "executable"
            ? $"No database for Todo: set ConnectionStrings:{name} (Neon, or any PostgreSQL), start Docker or Podman, or install the PostgreSQL server binaries (Debian: apt-get install postgresql)."
            : $"Postgres:Mode must be auto, container or executable, not '{mode}'.");
    }

    public static IResourceBuilder<ProjectResource> WithOptionalEnvironment(this IResourceBuilder<ProjectResource> project, string name, string? value) =>
        string.IsNullOrEmpty(value) ? project : project.WithEnvironment(name, value);

    // Aspire needs the engine, not just its client: `docker --version` answers where no engine runs.
    private static bool ContainerRuntimeAnswers(ConfigurationManager configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var info = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            if (!info.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                info.Kill(entireProcessTree: true);
                return false;
            }
            return info.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
