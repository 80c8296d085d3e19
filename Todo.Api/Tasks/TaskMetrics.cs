using System.Diagnostics.Metrics;

namespace Todo.Api.Tasks;

internal sealed class TaskMetrics
{
    public const string MeterName = "Todo.Api";

    private readonly Counter<long> created;
    private readonly Counter<long> completed;
    private readonly Counter<long> deleted;

    public TaskMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        created = meter.CreateCounter<long>("todo.tasks.created", "{task}", "Tasks created.");
        completed = meter.CreateCounter<long>("todo.tasks.completed", "{task}", "Changes that left a task completed by asking for it.");
        deleted = meter.CreateCounter<long>("todo.tasks.deleted", "{task}", "Tasks deleted.");
    }

    public void Created() => created.Add(1);

    public void Completed() => completed.Add(1);

    public void Deleted() => deleted.Add(1);
}
