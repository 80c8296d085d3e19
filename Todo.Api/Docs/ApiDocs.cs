using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Todo.Api.Docs;

// The OpenAPI document is the frontend's client contract (openapi-typescript generates its types from it),
// so it says exactly what goes over the wire, including what the generator cannot see.
internal static class ApiDocs
{
    public const string DocumentName = "v1";
    private const string BearerScheme = "Bearer";

    public static void AddTodoApiDocs(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            // Every error body is our problem details, so the shared schema gets the name clients use for it.
            options.CreateSchemaReferenceId = type =>
                type.Type == typeof(ProblemDetails) ? ProblemDocs.SchemaName : OpenApiOptions.CreateDefaultSchemaReferenceId(type);

            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Todo API";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A JWT from the Better Auth frontend: HS256 with the shared secret, or a JWKS-signed token.",
                };
                return Task.CompletedTask;
            });

            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(ProblemDetails))
                {
                    ProblemDocs.Describe(schema);
                }
                else if (context.JsonTypeInfo.Type == typeof(DateTime))
                {
                    // UtcTimestampConverter writes them, so the generator cannot tell they are strings.
                    schema.Type = JsonSchemaType.String;
                    schema.Format = "date-time";
                }
                return Task.CompletedTask;
            });

            // Only the endpoints that need a token say so, so /health and /alive stay open in the UI too.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                }
                AddPathParameters(operation, context.Description.RelativePath ?? "");
                AddResponseHeader(operation, StatusCodes.Status201Created, "Location", "The new task's URL.");
                foreach (var status in new[] { StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable })
                {
                    AddResponseHeader(operation, status, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
                }
                return Task.CompletedTask;
            });
        });

    // A response header the route really sends, which the generator cannot see in a handler's return type.
    public static TBuilder WithResponseHeader<TBuilder>(this TBuilder builder, int status, string name, string description,
        JsonSchemaType type = JsonSchemaType.String) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            AddResponseHeader(operation, status, name, description, type);
            return Task.CompletedTask;
        });

    // The draft-ietf-httpapi-idempotency-key-header request header, on the routes that honour it.
    public static TBuilder WithIdempotencyKeyDocs<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            var existing = operation.Parameters.FirstOrDefault(p => p.In == ParameterLocation.Header && p.Name == "Idempotency-Key");
            if (existing is not null)
            {
                operation.Parameters.Remove(existing);
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Idempotency-Key",
                In = ParameterLocation.Header,
                Required = false,
                Description = "Makes the request safe to retry: a repeat with the same key gets the first response and changes nothing (kept 24 hours).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[\\x21-\\x7E]+$" },
            });
            return Task.CompletedTask;
        });

    private static void AddResponseHeader(OpenApiOperation operation, int status, string name, string description,
        JsonSchemaType type = JsonSchemaType.String)
    {
        if (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) is OpenApiResponse response)
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers[name] = new OpenApiHeader { Description = description, Required = true, Schema = new OpenApiSchema { Type = type } };
        }
    }

    // {id} and {user_id} are read by binders and filters rather than bound parameters, so the generator
    // does not see them; the document still has to.
    private static void AddPathParameters(OpenApiOperation operation, string route)
    {
        foreach (var name in route.Split('/').Where(s => s.StartsWith('{')).Select(s => s.Trim('{', '}')))
        {
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == name))
            {
                continue;
            }

            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Path,
                Required = true,
                Schema = name == "id"
                    ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" }
                    : new OpenApiSchema { Type = JsonSchemaType.String },
                Description = name == "id" ? "The task's id." : "Must be the signed-in user's id (the token's sub).",
            });
        }
    }

    public static WebApplication MapTodoApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        // Someone who opens the bare address in a browser lands on the documentation.
        app.MapGet("/", () => TypedResults.Redirect("/docs")).ExcludeFromDescription();

        // Our API and nothing else: no AI agent, no MCP, no developer toolbar (SDK generation, deploy, share),
        // no telemetry, no fonts from Scalar's CDN. The page and its script are served from here.
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Todo API")
            .AddPreferredSecuritySchemes(BearerScheme)
            .HideClientButton()
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .DisableTelemetry()
            .DisableDefaultFonts());

        return app;
    }
}
