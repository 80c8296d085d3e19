using Microsoft.Extensions.Configuration;

namespace Todo.AppHost;

internal static class Extensions
{
    // PostgreSQL in a container, its data in a named volume so that tasks survive restarts. The test run
    // turns the volume off (Postgres:DataVolume=false) to leave nothing behind.
    public static IResourceBuilder<IResourceWithConnectionString> AddLocalPostgres(this IDistributedApplicationBuilder builder, string databaseName)
    {
        var server = builder.AddPostgres("postgres");
        if (builder.Configuration.GetValue("Postgres:DataVolume", true))
        {
            server.WithDataVolume();
        }
        return server.AddDatabase(databaseName);
    }

    public static IResourceBuilder<ProjectResource> WithOptionalEnvironment(this IResourceBuilder<ProjectResource> project, string name, string? value) =>
        string.IsNullOrEmpty(value) ? project : project.WithEnvironment(name, value);
}
