using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackOffice.Ledger.Text;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>Tables for people, JSON for scripts.</summary>
static class CliOutput
{
    internal static JsonSerializerOptions JsonOptions => Json.Options;

    // Each built on its first use, not by whatever first touches CliOutput: a short verb that prints no JSON or no Moscow
    // time (bank parse) does not pay for them at start-up.
    static class MoscowZone
    {
        internal static readonly TimeZoneInfo Value = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
    }

    static class Json
    {
        internal static readonly JsonSerializerOptions Options = new()
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            // Names and purposes are Cyrillic: print them as they are, not as \u escapes.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };
    }

    public static void WriteJson(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, value.GetType(), JsonOptions));

    public static IAnsiConsole Console(TextWriter output)
    {
        var terminal = output == System.Console.Out && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        // Piped into a file or grep: do not wrap rows at 80 columns.
        if (!terminal) console.Profile.Width = 200;
        return console;
    }

    public static string Money(decimal amount) => BusinessText.FormatMoney(amount);

    public static string Date(DateOnly? d) => d is { } date ? BusinessText.FormatDate(date) : "—";

    public static string Date(DateOnly d) => BusinessText.FormatDate(d);

    /// <summary>An instant as Moscow reads it (timestamptz comes back as UTC).</summary>
    public static string Date(DateTime d) =>
        TimeZoneInfo.ConvertTime(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind), MoscowZone.Value)
            .ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture);

    public static string Text(string? s) => string.IsNullOrEmpty(s) ? "—" : Markup.Escape(s);

}
