using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Todo.Api.Docs;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

// What the OpenAPI generator cannot infer about the task routes. Bodies are read by JsonBody and the list
// query as text, so that bad input is the contract's 422; their rules come from the constants the parsers use.
internal static class TaskDocs
{
    public static void AddTaskDocs(this WebApplicationBuilder builder) =>
        builder.Services.Configure<OpenApiOptions>(ApiDocs.DocumentName, options => options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { } property && IsRequestBody(property.DeclaringType))
            {
                DescribeBodyField(schema, property.Name);
            }
            return Task.CompletedTask;
        }));

    public static RouteHandlerBuilder WithListQueryDocs(this RouteHandlerBuilder route) =>
        route.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query) ?? [])
            {
                parameter.Schema = parameter.Name switch
                {
                    "status" => Choice("all", Names<TaskStatusFilter>()),
                    "sort" => Choice("created", Names<TaskSort>()),
                    "order" => Choice("desc", ["asc", "desc"]),
                    "limit" => WholeNumber(TaskListQuery.DefaultLimit, 1, TaskListQuery.MaxLimit),
                    "offset" => WholeNumber(0, 0, null),
                    _ => parameter.Schema,
                };
            }
            return Task.CompletedTask;
        });

    // In a request body a nullable C# property means "may be left out"; only description may be null.
    private static void DescribeBodyField(OpenApiSchema schema, string name)
    {
        switch (name)
        {
            case "title":
                schema.Type = JsonSchemaType.String;
                schema.MinLength = 1;
                schema.MaxLength = TaskRules.TitleMaxLength;
                schema.Description = "Trimmed; whitespace only counts as empty.";
                break;
            case "description":
                schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
                schema.MaxLength = TaskRules.DescriptionMaxLength;
                break;
            case "completed":
                schema.Type = JsonSchemaType.Boolean;
                break;
        }
    }

    private static bool IsRequestBody(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IJsonRequest<>));

    private static string[] Names<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant())];

    private static OpenApiSchema Choice(string defaultValue, string[] values) => new()
    {
        Type = JsonSchemaType.String,
        Enum = [.. values.Select(v => (JsonNode)v)],
        Default = defaultValue,
    };

    private static OpenApiSchema WholeNumber(int defaultValue, int minimum, int? maximum) => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int32",
        Minimum = minimum.ToString(CultureInfo.InvariantCulture),
        Maximum = maximum?.ToString(CultureInfo.InvariantCulture),
        Default = defaultValue,
    };
}
