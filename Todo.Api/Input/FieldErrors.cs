namespace Todo.Api.Input;

// The per-field messages of a 422, in the order they were found.
internal sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = [];

    public bool IsEmpty => errors.Count == 0;

    public static FieldErrors Of(string field, string message)
    {
        var errors = new FieldErrors();
        errors.Add(field, message);
        return errors;
    }

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }
        messages.Add(message);
    }

    // Records the error and hands back a placeholder, so parsers can stay single expressions.
    public T Add<T>(string field, string message, T placeholder)
    {
        Add(field, message);
        return placeholder;
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string Summary() => string.Join(" ", errors.Values.SelectMany(messages => messages));
}
