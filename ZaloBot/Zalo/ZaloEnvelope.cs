using System.Globalization;
using System.Text.Json;

namespace ZaloBot.Zalo;

/// <summary>Reading Zalo's answer envelope <c>{"error":0,"message":"Success","data":{…}}</c>.</summary>
internal static class ZaloEnvelope
{
    /// <summary>
    /// The <c>error</c> code of a response, read without consuming the body (it is buffered first so the client
    /// can still read it). Null when the body is not a JSON object. Used by the retry and circuit-breaker
    /// predicates: Zalo reports -32 and -100 inside HTTP 200 answers.
    /// </summary>
    public static ValueTask<int?> PeekErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        PeekErrorCodeAsync(response, root => ErrorCode(root), cancellationToken);

    /// <summary>
    /// As the other overload, for an API that names its code its own way: <paramref name="errorCode"/> reads it from the
    /// answer's JSON object (the Bot Platform's <c>error_code</c>).
    /// </summary>
    public static async ValueTask<int?> PeekErrorCodeAsync(HttpResponseMessage response, Func<JsonElement, int?> errorCode, CancellationToken cancellationToken)
    {
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind == JsonValueKind.Object ? errorCode(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>error</c> field as a number; 0 when absent. Zalo sends numbers; strings are accepted too.</summary>
    public static int ErrorCode(JsonElement root) =>
        root.TryGetProperty("error", out var error) ? Int(error) ?? 0 : 0;

    public static int? Int(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var number) => number,
        JsonValueKind.String when int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static long? Long(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) => number,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static JsonElement? Get(JsonElement element, params ReadOnlySpan<string> path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>A string field, or a number field as its exact text (ids exceed 2^53); null when absent or empty.</summary>
    public static string? Str(JsonElement element, params ReadOnlySpan<string> path) => Get(element, path) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString() is { Length: > 0 } text ? text : null,
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    public static bool? Bool(JsonElement element, params ReadOnlySpan<string> path) => Get(element, path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.String } s => bool.TryParse(s.GetString(), out var parsed) ? parsed : null,
        _ => null,
    };
}
