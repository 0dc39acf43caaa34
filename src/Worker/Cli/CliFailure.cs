using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace BackOffice.Worker.Cli;

/// <summary>
/// What the operator reads when a verb fails unexpectedly: one line naming what and where; the whole exception goes to the
/// error log (and to the screen with --verbose). A stack trace is for whoever fixes the program, not for whoever runs it.
/// </summary>
static partial class CliFailure
{
    /// <summary>The parser's message without the .NET type it names: "'abc' … as expected type 'System.Int32'" → "… a whole number".</summary>
    public static string ParseError(string message) => ExpectedType().Replace(message, m => $"{m.Groups[1].Value}: expected {Kind(m.Groups[2].Value)}.");

    static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number (an id or a count)",
        "System.Decimal" or "System.Nullable`1[System.Decimal]" => "a number",
        "System.Boolean" => "true or false",
        _ => "another kind of value",
    };

    [GeneratedRegex(@"^(Cannot parse argument '.*' for (?:command|option) '[^']*') as expected type '([^']+)'\.$")]
    private static partial Regex ExpectedType();

    public static string OneLine(Exception e) => Flatten(e switch
    {
        PostgresException p => $"The database refused it: {p.MessageText}" + Where(p),
        NpgsqlException n => $"The database could not be used: {n.Message}",
        FileNotFoundException f => $"There is no file {f.FileName ?? "(unnamed)"}.",
        DirectoryNotFoundException d => $"A folder is missing: {d.Message}",
        UnauthorizedAccessException u => $"Not allowed to read or write: {u.Message}",
        IOException io => $"A file could not be read or written: {io.Message}",
        _ => e.Message,
    });

    static string Where(PostgresException p)
    {
        var parts = new[] { ("table", p.TableName), ("column", p.ColumnName), ("constraint", p.ConstraintName) }
            .Where(x => !string.IsNullOrEmpty(x.Item2)).Select(x => $"{x.Item1} {x.Item2}").ToList();
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    static string Flatten(string s) => string.Join(" ", s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>The log of failures: BACKOFFICE_LOG_DIR, else logs/ beside the program. Returns where it went, or null when it could not be written.</summary>
    public static string? Log(string[] args, Exception e)
    {
        try
        {
            var dir = Environment.GetEnvironmentVariable("BACKOFFICE_LOG_DIR") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "logs");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, "backoffice-verbs.log");
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture,
                $"{DateTimeOffset.UtcNow:O} backoffice {string.Join(' ', args)}{Environment.NewLine}{e}{Environment.NewLine}{Environment.NewLine}"));
            return path;
        }
        catch (Exception logFailure) when (logFailure is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
