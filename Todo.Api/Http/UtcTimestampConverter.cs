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

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
}
