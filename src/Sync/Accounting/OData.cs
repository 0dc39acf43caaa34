using System.Globalization;
using System.Text.Json.Nodes;

namespace BackOffice.Sync.Accounting;

/// <summary>OData v3 literals as 1C reads them, and the values 1C writes (Int64 and money may come as strings).</summary>
public static class OData
{
    public static string Text(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static string Guid(Guid value) => $"guid'{value:D}'";

    /// <summary>1C dates are naive wall-clock values: no zone, no fraction.</summary>
    public static string DateTime(DateTime value) => $"datetime'{Timestamp(value)}'";

    public static string Timestamp(DateTime value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public static string? String(JsonNode? node, string name) => node?[name]?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => node[name]!.GetValue<string>(),
        System.Text.Json.JsonValueKind.Number => node[name]!.ToJsonString(),
        _ => null,
    };

    public static Guid? Key(JsonNode? node, string name) =>
        System.Guid.TryParse(String(node, name), out var g) && g != System.Guid.Empty ? g : null;

    public static decimal Decimal(JsonNode? node, string name) =>
        decimal.TryParse(String(node, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    public static bool Bool(JsonNode? node, string name) =>
        node?[name]?.GetValueKind() == System.Text.Json.JsonValueKind.True
        || string.Equals(String(node, name), "true", StringComparison.OrdinalIgnoreCase);

    public static DateTime? Date(JsonNode? node, string name) =>
        System.DateTime.TryParseExact(String(node, name), "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : null;
}
