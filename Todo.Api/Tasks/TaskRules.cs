using System.Text.Json;
using Todo.Api.Input;

namespace Todo.Api.Tasks;

// The contract's input rules, shared by every request that carries a task's fields.
internal static class TaskRules
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 1000;

    public static string? ReadTitle(JsonElement value, FieldErrors errors)
    {
        if (!TryReadText(value, "title", errors, out var text))
        {
            return null;
        }
        if (text is null)
        {
            errors.Add("title", "title must be a string.");
            return null;
        }

        var title = text.Trim();
        var length = CharacterCount(title);
        if (length == 0)
        {
            errors.Add("title", "title must not be empty.");
        }
        else if (length > TitleMaxLength)
        {
            errors.Add("title", $"title must be at most {TitleMaxLength} characters.");
        }

        return title;
    }

    public static string? ReadDescription(JsonElement value, FieldErrors errors)
    {
        if (!TryReadText(value, "description", errors, out var description) || description is null)
        {
            return null;
        }
        if (CharacterCount(description) > DescriptionMaxLength)
        {
            errors.Add("description", $"description must be at most {DescriptionMaxLength} characters.");
        }

        return description;
    }

    public static bool ReadCompleted(JsonElement value, FieldErrors errors)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        errors.Add("completed", "completed must be true or false.");
        return false;
    }

    // null is a valid "no text"; anything else but a string is an error. PostgreSQL stores neither NUL nor
    // unpaired surrogates, so both are refused here rather than failing as a 500 at the database.
    private static bool TryReadText(JsonElement value, string field, FieldErrors errors, out string? text)
    {
        text = null;
        if (value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(field, $"{field} must be a string.");
            return false;
        }

        // The parser has already refused invalid UTF-8; GetString throws on an escaped lone surrogate ("\ud800").
        try
        {
            text = value.GetString()!;
        }
        catch (InvalidOperationException)
        {
        }
        if (text is null || text.Contains('\0'))
        {
            errors.Add(field, $"{field} contains characters that cannot be stored.");
            return false;
        }

        return true;
    }

    // Counted in Unicode characters, as PostgreSQL's varchar(n) counts them, not UTF-16 code units.
    private static int CharacterCount(string text) => text.EnumerateRunes().Count();
}
