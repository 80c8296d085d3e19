using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Todo.Api.Data;

public static class DataExtensions
{
    // The name an Aspire AppHost injects as ConnectionStrings__tododb.
    public const string ConnectionName = "tododb";

    // What Aspire.Npgsql.EntityFrameworkCore.PostgreSQL's AddNpgsqlDbContext<T>("tododb") registers: a pooled
    // context with retries, a DbContext health check and Npgsql tracing and metrics, on the plain packages.
    public static WebApplicationBuilder AddTodoDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, config) => options.ConnectionString = ResolveConnectionString(config, options))
            .Validate(options => options.ConnectionString.Length > 0,
                "No database is configured. Set ConnectionStrings:tododb (Npgsql key=value form, environment " +
                "variable ConnectionStrings__tododb) or DATABASE_URL (a postgresql:// URI, as Neon gives it).")
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddDbContextPool<TodoDbContext>((services, db) =>
        {
            var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            db.UseNpgsql(options.ConnectionString, npgsql =>
                npgsql.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(1), errorCodesToAdd: null));
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<TodoDbContext>(ConnectionName);

        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddNpgsql())
            .WithMetrics(metrics => metrics.AddNpgsqlInstrumentation());

        if (builder.Configuration.GetValue(DatabaseOptions.Section + ":" + nameof(DatabaseOptions.MigrateOnStartup), true))
        {
            builder.Services.AddHostedService<DatabaseMigrator>();
        }

        return builder;
    }

    private static string ResolveConnectionString(IConfiguration config, DatabaseOptions options)
    {
        var connectionString = config.GetConnectionString(ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString) && config["DATABASE_URL"] is { Length: > 0 } url)
        {
            if (!DatabaseUrl.TryConvert(url, out connectionString, out var error))
            {
                throw new InvalidOperationException(error);
            }
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return "";
        }

        NpgsqlConnectionStringBuilder npgsql;
        try
        {
            npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} is not a valid Npgsql connection string: {ex.Message}");
        }

        // Npgsql waits 15 s to connect and 30 s per command by default; with retries a request on a dead
        // database would hang for a minute. Short defaults make it a prompt 503 instead.
        if (!npgsql.ContainsKey("Timeout"))
        {
            npgsql.Timeout = options.ConnectTimeoutSeconds;
        }
        if (!npgsql.ContainsKey("Command Timeout"))
        {
            npgsql.CommandTimeout = options.CommandTimeoutSeconds;
        }

        return npgsql.ConnectionString;
    }
}
