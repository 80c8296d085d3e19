using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Todo.Api.Http;

public static class ApiDocs
{
    private const string BearerScheme = "Bearer";

    public static void AddTodoApiDocs(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(options =>
        {
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

            // Only the endpoints that need a token say so, so /health and /alive stay open in the UI too.
            options.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
                {
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
                }
                AddPathParameters(operation, context.Description.RelativePath ?? "");
                return Task.CompletedTask;
            });
        });

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
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Todo API")
            .AddPreferredSecuritySchemes(BearerScheme));

        return app;
    }
}
