using Microsoft.Extensions.Configuration;
using Todo.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

var authSecret = builder.AddParameter("better-auth-secret", secret: true)
    .WithDescription("The Better Auth secret (`BETTER_AUTH_SECRET`), at least 32 bytes: `openssl rand -base64 32`.", enableMarkdown: true);
var corsOrigins = builder.AddParameter("cors-origins")
    .WithDescription("Origins the browser may call the API from, comma-separated.");

// Neon (a connection string in configuration), else a Postgres container, else the local server binaries.
IResourceBuilder<IResourceWithConnectionString> database;
try
{
    database = builder.AddChosenDatabase("tododb");
}
catch (DistributedApplicationException ex)
{
    // A set-up step the person has to take: the sentence says which, a stack trace would bury it.
    Console.Error.WriteLine(ex.Message);
    return 1;
}

// The http endpoint keeps the port of Todo.Api's launch profile, 8000, the frontend's address; with
// several replicas Aspire's proxy listens there and spreads requests over them.
var api = builder.AddProject<Projects.Todo_Api>("api")
    .WithReference(database)
    .WaitFor(database)
    .WithEnvironment("Auth__Secret", authSecret)
    .WithEnvironment("Cors__AllowedOrigins", corsOrigins)
    .WithOptionalEnvironment("Auth__JwksUrl", builder.Configuration["Auth:JwksUrl"])
    .WithOptionalEnvironment("Auth__Issuer", builder.Configuration["Auth:Issuer"])
    .WithOptionalEnvironment("Auth__Audience", builder.Configuration["Auth:Audience"])
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    // Listed beside /docs: the task tools for AI agents (docs/MCP.md).
    .WithUrlForEndpoint("http", _ => new() { Url = "/mcp", DisplayText = "MCP for agents (/mcp)" })
    .WithReplicas(builder.Configuration.GetValue("Api:Replicas", 1));

// Todo serves nothing over HTTPS. Aspire gives every project a dev-certificate hook, and any such hook puts a red
// "No trusted development certificate" banner on every dashboard page of a machine without a trusted one.
#pragma warning disable ASPIRECERTIFICATES001 // For evaluation in Aspire 13.6, and the one way to say "no TLS here".
api.WithoutHttpsCertificate();
#pragma warning restore ASPIRECERTIFICATES001

builder.Build().Run();
return 0;

// Internal: the tests reference both this project and Todo.Api, whose Program the web test host needs.
internal partial class Program;
