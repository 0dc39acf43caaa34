using System.Globalization;
using System.Text;

namespace BackOffice.Tickets.Tests.Mail;

/// <summary>The few keys of a Zammad expectation file (.yml beside each .box) the parser test compares.</summary>
sealed record ZammadYml(string FromEmail, string FromDisplayName, string Subject, IReadOnlyList<string> FileNames, string ContentType, string? Body)
{
    public static ZammadYml Read(string path)
    {
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        string Top(string key) => lines.Where(l => l.StartsWith(key + ": ", StringComparison.Ordinal)).Select(l => Scalar(l[(key.Length + 2)..])).FirstOrDefault() ?? "";
        var files = lines.Where(l => l.StartsWith("  filename: ", StringComparison.Ordinal)).Select(l => Scalar(l["  filename: ".Length..])).ToList();
        var bodyLine = lines.FirstOrDefault(l => l.StartsWith("body: ", StringComparison.Ordinal));
        var body = bodyLine is null || bodyLine.EndsWith('|') || bodyLine.EndsWith("|-") || bodyLine.EndsWith("|+") ? null : Scalar(bodyLine[6..]);
        return new ZammadYml(Top("from_email"), Top("from_display_name"), Top("subject"), files, Top("content_type"), body);
    }

    static string Scalar(string v)
    {
        v = v.Trim();
        if (v.StartsWith('\'') && v.EndsWith('\'') && v.Length >= 2) return v[1..^1].Replace("''", "'");
        if (v.StartsWith('"'))
        {
            var sb = new StringBuilder();
            for (var i = 1; i < v.Length; i++)
            {
                var c = v[i];
                if (c == '"') break;
                if (c != '\\') { sb.Append(c); continue; }
                var e = v[++i];
                switch (e)
                {
                    case 't': sb.Append('\t'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'u': sb.Append((char)int.Parse(v.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)); i += 4; break;
                    default: sb.Append(e); break;
                }
            }
            return sb.ToString();
        }
        return v;
    }
}
