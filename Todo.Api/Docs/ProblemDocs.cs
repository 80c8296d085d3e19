using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Todo.Api.Errors;

namespace Todo.Api.Docs;

// The one error body of the API, as the OpenAPI document names it: clients branch on its code.
internal static class ProblemDocs
{
    public const string SchemaName = "Problem";

    // RFC 9457 as ProblemContract.Fill and the problem details service write it: status, detail, code and
    // trace_id always; type and title when the framework has them for the status; errors on a 422.
    public static void Describe(OpenApiSchema schema)
    {
        schema.Description = "An error (RFC 9457 problem details). Branch on code, which is stable; detail is for people.";
        schema.Type = JsonSchemaType.Object;
        schema.Required = new HashSet<string> { "status", "detail", "code", "trace_id" };
        schema.Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. ErrorCodes.All.Select(c => (JsonNode)c)] },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "On a 422: the messages for each field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, for the logs." },
        };
    }
}
