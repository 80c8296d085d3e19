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
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapTodoApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Todo API")
            .AddPreferredSecuritySchemes(BearerScheme));

        return app;
    }
}
