using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Operations;

public sealed class MetricsTests(TodoApiFactory api) : IClassFixture<TodoApiFactory>
{
    [Fact]
    public async Task TheTodoMeterCountsCreatedCompletedAndDeletedTasks()
    {
        var meters = api.Services.GetRequiredService<IMeterFactory>();
        using var created = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.created");
        using var completed = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.completed");
        using var deleted = new MetricCollector<long>(meters, "Todo.Api", "todo.tasks.deleted");
        var client = api.CreateClientForNewUser();

        var first = await client.CreateTaskAsync("One");
        var second = await client.CreateTaskAsync("Two");
        await client.PatchAsync($"/api/tasks/{first.Id}/complete", null);
        await client.PatchAsJsonAsync($"/api/tasks/{second.Id}", new { completed = true });
        await client.DeleteAsync($"/api/tasks/{first.Id}");

        Assert.Equal(2, created.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, completed.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, deleted.GetMeasurementSnapshot().EvaluateAsCounter());
    }
}
