using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Todo.Api.Http;

// Timestamps leave as UTC with a Z and microseconds, PostgreSQL's precision: 2026-11-24T10:00:00.123456Z.
internal sealed class UtcTimestampConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTime().ToUniversalTime();

    // Formatted on the stack: two timestamps a task, a hundred tasks a page.
    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        Span<byte> utf8 = stackalloc byte[Format.Length];
        value.ToUniversalTime().TryFormat(utf8, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(utf8[..written]);
    }
}
