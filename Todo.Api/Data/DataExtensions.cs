using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Todo.Api.Errors;

namespace Todo.Api.Data;

internal static class DataExtensions
{
    // The name an Aspire AppHost injects as ConnectionStrings__tododb.
    public const string ConnectionName = "tododb";

    public static WebApplicationBuilder AddTodoDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

        var connectionString = "";
        string? problem = null;

        // Aspire's Npgsql EF Core component: the pooled context, Npgsql's tracing and metrics (the readiness check is ours).
        // Ours adds Neon's DATABASE_URL, short timeouts and a retry budget that fits inside a request's deadline
        // (the component's default retries up to 6 times over as much as 30 s).
        builder.AddNpgsqlDbContext<TodoDbContext>(ConnectionName,
            settings =>
            {
                (connectionString, problem) = DatabaseConnection.Resolve(settings.ConnectionString, builder.Configuration["DATABASE_URL"], options);
                settings.ConnectionString = connectionString;
                settings.DisableHealthChecks = true;
            },
            db => db.UseNpgsql(npgsql => npgsql.EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(1), errorCodesToAdd: null))
                // A timed-out or failed command is a warning here: what becomes a 500 is logged as an error by the
                // exception handler, and a sick database is the 503 the caller gets, not a fault of the service.
                .ConfigureWarnings(log => log.Log(
                    (RelationalEventId.CommandError, LogLevel.Warning),
                    (RelationalEventId.ConnectionError, LogLevel.Warning),
                    (RelationalEventId.TransactionError, LogLevel.Warning),
                    (CoreEventId.SaveChangesFailed, LogLevel.Warning),
                    (CoreEventId.QueryIterationFailed, LogLevel.Warning))));

        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton<DatabaseActivity>();
        builder.Services.ConfigureDbContext<TodoDbContext>((services, db) => db.AddInterceptors(services.GetRequiredService<DatabaseActivity>()));
        builder.Services.AddSingleton<DatabaseReadinessCheck>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadinessCheck>("database");

        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Validate(_ => problem is null, problem ?? "")
            .Validate(_ => problem is not null || connectionString.Length > 0,
                "No database is configured. Set ConnectionStrings:tododb (Npgsql key=value form, environment " +
                "variable ConnectionStrings__tododb) or DATABASE_URL (a postgresql:// URI, as Neon gives it).")
            .ValidateDataAnnotations()
            .ValidateOnStart();


        if (options.MigrateOnStartup)
        {
            builder.Services.AddHostedService<DatabaseMigrator>();
        }
        builder.Services.AddHostedService<DatabaseWarmup>();

        return builder;
    }
}
