using System.Net;
using Microsoft.AspNetCore.Hosting;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

public sealed class HealthTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    public async Task ProbesAnswerWithoutAToken(string path)
    {
        var client = api.CreateClient();

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProbesAreMappedOutsideDevelopmentToo()
    {
        await using var production = new ProductionApiFactory();
        await production.InitializeAsync();

        var response = await production.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class ProductionApiFactory : TodoApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }
}
