using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Todo.Api.Http;

namespace Todo.Api.Tasks;

public enum TaskStatusFilter { All, Pending, Completed }

public enum TaskSort { Created, Updated, Title }

// The list's query string. Taken as text so that a bad value is the contract's 422 with a message, not a
// binding failure; parsed once, on first use.
public sealed class TaskListQuery : IValidatedInput
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;

    private bool parsed;
    private ProblemHttpResult? problem;

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

    public TaskStatusFilter StatusFilter { get; private set; }
    public TaskSort SortBy { get; private set; }
    public bool Descending { get; private set; } = true;
    public int Take { get; private set; } = DefaultLimit;
    public int Skip { get; private set; }

    public ProblemHttpResult? Problem
    {
        get
        {
            if (!parsed)
            {
                problem = Parse();
                parsed = true;
            }
            return problem;
        }
    }

    private ProblemHttpResult? Parse()
    {
        var errors = new FieldErrors();

        StatusFilter = Status switch
        {
            null or "all" => TaskStatusFilter.All,
            "pending" => TaskStatusFilter.Pending,
            "completed" => TaskStatusFilter.Completed,
            _ => errors.Add("status", "status must be all, pending or completed.", TaskStatusFilter.All),
        };
        SortBy = Sort switch
        {
            null or "created" => TaskSort.Created,
            "updated" => TaskSort.Updated,
            "title" => TaskSort.Title,
            _ => errors.Add("sort", "sort must be created, updated or title.", TaskSort.Created),
        };
        Descending = Order switch
        {
            null or "desc" => true,
            "asc" => false,
            _ => errors.Add("order", "order must be asc or desc.", true),
        };
        Take = ParseInt(Limit, DefaultLimit) is var take and >= 1 and <= MaxLimit
            ? take
            : errors.Add("limit", $"limit must be a whole number from 1 to {MaxLimit}.", DefaultLimit);
        Skip = ParseInt(Offset, 0) is var skip and >= 0
            ? skip
            : errors.Add("offset", "offset must be a whole number, 0 or more.", 0);

        return errors.IsEmpty ? null : Problems.Validation(errors);
    }

    private static int ParseInt(string? value, int fallback) =>
        value is null ? fallback
        : int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number
        : -1;
}
