using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Todo.Tests.Infrastructure;

namespace Todo.Tests.Mcp;

// What the Aspire dashboard gets over OTLP, caught by an in-memory exporter on the API's own OpenTelemetry set-up.
public sealed class McpTelemetryTests(McpTelemetryTests.RecordedApi api) : IClassFixture<McpTelemetryTests.RecordedApi>
{
    // As an agent sends it, with no trace context in _meta: the tool's span is a child of the request's ("POST /mcp/", the
    // route the SDK maps).
    [Fact]
    public async Task AToolCallIsASpanUnderItsPostMcpRequest()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var request = McpTestClient.RawRequest("tools/call", new { name = "add_task", arguments = new { title = "Traced" } });
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        var response = await api.CreateClientForNewUser().SendAsync(request);

        await response.ReadRpcAsync();
        var spans = await api.SpansOfAsync(traceId, count: 2);
        var http = Assert.Single(spans, span => span.Source.Name == "Microsoft.AspNetCore");
        var tool = Assert.Single(spans, span => span.Source.Name == "Experimental.ModelContextProtocol");
        Assert.Equal("POST /mcp/", http.DisplayName);
        Assert.Equal("tools/call add_task", tool.DisplayName);
        Assert.Equal(http.SpanId, tool.ParentSpanId);
    }

    [Fact]
    public async Task TheSdksMetricsAreExported()
    {
        await using var client = await api.ConnectAsync(TodoApiFactory.NewUserId());
        await client.CallAsync("list_tasks", new { });

        api.Services.GetRequiredService<MeterProvider>().ForceFlush();

        Assert.Contains(api.Metrics, metric => metric.Name == "mcp.server.operation.duration");
    }

    public sealed class RecordedApi : TodoApiFactory
    {
        private readonly ConcurrentQueue<Activity> spans = new();

        public List<Metric> Metrics { get; } = [];

        // A span is exported when it ends, which for the request's may be just after its response arrived.
        public async Task<List<Activity>> SpansOfAsync(ActivityTraceId traceId, int count)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (spans.Count(span => span.TraceId == traceId) < count)
            {
                await Task.Delay(50, timeout.Token);
            }
            return [.. spans.Where(span => span.TraceId == traceId)];
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddOpenTelemetry()
                .WithTracing(tracing => tracing.AddProcessor(new SimpleActivityExportProcessor(new QueueExporter(spans))))
                .WithMetrics(metrics => metrics.AddInMemoryExporter(Metrics)));
        }

        private sealed class QueueExporter(ConcurrentQueue<Activity> queue) : BaseExporter<Activity>
        {
            public override ExportResult Export(in Batch<Activity> batch)
            {
                foreach (var activity in batch)
                {
                    queue.Enqueue(activity);
                }
                return ExportResult.Success;
            }
        }
    }
}
