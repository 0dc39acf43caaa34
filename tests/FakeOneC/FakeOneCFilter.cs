using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackOffice.Tests.Support.FakeOneC;

/// <summary>
/// The part of OData v3 $filter the fake understands, as 1C does: comparisons (eq ne gt ge lt le) joined by <c>and</c>,
/// on strings, numbers, booleans, <c>guid'…'</c> and <c>datetime'…'</c>. A plain guid compared with a composite
/// field (one with a <c>_Type</c> beside it) matches nothing, like 1C.
/// </summary>
public sealed class FakeOneCFilter
{
    readonly List<(string Field, string Op, Literal Value)> _terms = [];

    public sealed record Literal(string Kind, string Text);

    public sealed class ParseError(string message) : Exception(message);

    public static FakeOneCFilter Parse(string? filter)
    {
        var f = new FakeOneCFilter();
        if (string.IsNullOrWhiteSpace(filter)) return f;
        var tokens = Tokenize(filter);
        var i = 0;
        while (true)
        {
            if (i + 2 >= tokens.Count) throw new ParseError("Error parsing $filter query option");
            var field = tokens[i].Text;
            var op = tokens[i + 1].Text.ToLowerInvariant();
            if (tokens[i].Kind != "name" || op is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le") || tokens[i + 2].Kind == "name")
                throw new ParseError("Error parsing $filter query option");
            f._terms.Add((field, op, tokens[i + 2]));
            i += 3;
            if (i == tokens.Count) return f;
            if (!tokens[i].Text.Equals("and", StringComparison.OrdinalIgnoreCase))
                throw new ParseError("Error parsing $filter query option");
            i++;
        }
    }

    static List<Literal> Tokenize(string s)
    {
        var tokens = new List<Literal>();
        var i = 0;
        while (i < s.Length)
        {
            if (char.IsWhiteSpace(s[i])) { i++; continue; }
            foreach (var prefix in new[] { "guid", "datetime" })
                if (string.Compare(s, i, prefix + "'", 0, prefix.Length + 1, StringComparison.OrdinalIgnoreCase) == 0)
                {
                    var end = s.IndexOf('\'', i + prefix.Length + 1);
                    if (end < 0) throw new ParseError("Error parsing $filter query option");
                    tokens.Add(new(prefix, s[(i + prefix.Length + 1)..end]));
                    i = end + 1;
                    goto next;
                }
            if (s[i] == '\'')
            {
                var text = new System.Text.StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length) throw new ParseError("Error parsing $filter query option");
                    if (s[i] == '\'')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '\'') { text.Append('\''); i += 2; continue; }
                        i++;
                        break;
                    }
                    text.Append(s[i++]);
                }
                tokens.Add(new("string", text.ToString()));
                continue;
            }
            var start = i;
            while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
            var word = s[start..i];
            if (decimal.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) tokens.Add(new("number", word));
            else if (word is "true" or "false") tokens.Add(new("bool", word));
            else tokens.Add(new("name", word));
            next: ;
        }
        return tokens;
    }

    public bool Matches(JsonObject entity)
    {
        foreach (var (field, op, value) in _terms)
        {
            if (value.Kind == "guid" && entity.ContainsKey(field + "_Type")) return false;
            var node = entity[field];
            int? cmp = value.Kind switch
            {
                "string" or "guid" => node?.GetValueKind() == JsonValueKind.String
                    ? string.Compare(node.GetValue<string>(), value.Text, value.Kind == "guid" ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal)
                    : null,
                "datetime" => DateTime.TryParse(node?.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? d.CompareTo(DateTime.Parse(value.Text, CultureInfo.InvariantCulture)) : null,
                "number" => decimal.TryParse(node?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
                    ? n.CompareTo(decimal.Parse(value.Text, CultureInfo.InvariantCulture)) : null,
                "bool" => node?.GetValueKind() is JsonValueKind.True or JsonValueKind.False
                    ? node.GetValue<bool>().CompareTo(value.Text == "true") : null,
                _ => null,
            };
            if (cmp is not { } c) return false;
            var ok = op switch { "eq" => c == 0, "ne" => c != 0, "gt" => c > 0, "ge" => c >= 0, "lt" => c < 0, _ => c <= 0 };
            if (!ok) return false;
        }
        return true;
    }
}
