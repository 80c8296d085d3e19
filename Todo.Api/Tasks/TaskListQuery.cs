using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Todo.Api.Errors;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

internal enum TaskStatusFilter { All, Pending, Completed }

internal enum TaskSort { Created, Updated, Title }

// The list's query string. Taken as text so that a bad value is the contract's 422 with a message, not a
// binding failure. Every value, and Problem, comes from one parse made on first use, whichever is read first.
internal sealed class TaskListQuery : IValidatedInput
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    private Parsed? parsed;

    [FromQuery(Name = "status")]
    public string? Status { get; init; }
    [FromQuery(Name = "sort")]
    public string? Sort { get; init; }
    [FromQuery(Name = "order")]
    public string? Order { get; init; }
    [FromQuery(Name = "limit")]
    public string? Limit { get; init; }
    [FromQuery(Name = "offset")]
    public string? Offset { get; init; }

    public TaskStatusFilter StatusFilter => Values.StatusFilter;
    public TaskSort SortBy => Values.SortBy;
    public bool Descending => Values.Descending;
    public int Take => Values.Take;
    public int Skip => Values.Skip;
    public ProblemHttpResult? Problem => Values.Problem;

    private Parsed Values => parsed ??= Parse();

    private sealed record Parsed(TaskStatusFilter StatusFilter, TaskSort SortBy, bool Descending, int Take, int Skip, ProblemHttpResult? Problem);

    private Parsed Parse()
    {
        var errors = new FieldErrors();

        var statusFilter = Status switch
        {
            null or "all" => TaskStatusFilter.All,
            "pending" => TaskStatusFilter.Pending,
            "completed" => TaskStatusFilter.Completed,
            _ => errors.Add("status", "status must be all, pending or completed.", TaskStatusFilter.All),
        };
        var sortBy = Sort switch
        {
            null or "created" => TaskSort.Created,
            "updated" => TaskSort.Updated,
            "title" => TaskSort.Title,
            _ => errors.Add("sort", "sort must be created, updated or title.", TaskSort.Created),
        };
        var descending = Order switch
        {
            null or "desc" => true,
            "asc" => false,
            _ => errors.Add("order", "order must be asc or desc.", true),
        };
        var take = ParseInt(Limit, DefaultLimit) is var limit and >= 1 and <= MaxLimit
            ? limit
            : errors.Add("limit", $"limit must be a whole number from 1 to {MaxLimit}.", DefaultLimit);
        var skip = ParseInt(Offset, 0) is var offset and >= 0
            ? offset
            : errors.Add("offset", "offset must be a whole number, 0 or more.", 0);

        return new Parsed(statusFilter, sortBy, descending, take, skip, errors.IsEmpty ? null : Problems.Validation(errors));
    }

    private static int ParseInt(string? value, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : -1;
}
