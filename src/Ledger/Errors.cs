using System.Runtime.CompilerServices;
using System.Text;

namespace BackOffice.Ledger;

/// <summary>
/// A request the ledger refuses; the message is written for the person who made it. A refusal with a <see cref="Code"/>
/// also carries the values its message names (<see cref="Arguments"/>), so a screen can say the same in another language.
/// </summary>
public abstract class LedgerError : Exception
{
    protected LedgerError(string message) : base(message) { }

    protected LedgerError(RefusalCode code, RefusalText text) : base(text.ToString())
    {
        Code = code;
        Arguments = text.Arguments;
    }

    /// <summary>Which rule refused; null for a refusal that has no other language (a verb's own option checks).</summary>
    public RefusalCode? Code { get; }

    /// <summary>The values the message names, in the order it names them, formatted as the message shows them.</summary>
    public IReadOnlyList<string> Arguments { get; } = [];
}

/// <summary>A value that is malformed or breaks a rule of form (ИНН check digits, a negative price). Exit code 2.</summary>
public sealed class InvalidInput : LedgerError
{
    public InvalidInput(string field, string message) : base(message) => Field = field;
    public InvalidInput(RefusalCode code, string field, RefusalText text) : base(code, text) => Field = field;
    public string Field { get; }
}

/// <summary>What the request names does not exist. Exit code 1.</summary>
public sealed class NotFound : LedgerError
{
    public NotFound(string message) : base(message) { }
    public NotFound(RefusalCode code, RefusalText text) : base(code, text) { }
}

/// <summary>The request collides with what exists (an email already used, a product already held). Exit code 1.</summary>
public sealed class Conflict : LedgerError
{
    public Conflict(string message) : base(message) { }
    public Conflict(RefusalCode code, RefusalText text) : base(code, text) { }
}

/// <summary>
/// The stable name of a rule that refuses (<c>client.email-taken</c>): the same whatever the language of its message.
/// Declared once as a static field beside the rule, so every code a feature can raise can be listed.
/// </summary>
public sealed record RefusalCode(string Name)
{
    public override string ToString() => Name;
}

/// <summary>
/// A refusal's English message written as an interpolated string: it reads exactly as <c>$"…"</c> would (same culture,
/// same formats), and keeps each interpolated value apart as an argument for the same message in another language.
/// </summary>
[InterpolatedStringHandler]
public readonly struct RefusalText
{
    readonly StringBuilder text;
    readonly List<string> arguments;

    public RefusalText(int literalLength, int formattedCount)
    {
        text = new StringBuilder(literalLength + formattedCount * 8);
        arguments = new List<string>(formattedCount);
    }

    public IReadOnlyList<string> Arguments => arguments ?? [];

    public void AppendLiteral(string value) => text.Append(value);

    public void AppendFormatted<T>(T value, int alignment = 0, string? format = null)
    {
        if (value is IRefusalValue named)
        {
            text.Append(named.English);
            arguments.Add(named.Value);
            return;
        }
        var shown = value is IFormattable f ? f.ToString(format, null) : value?.ToString() ?? "";
        shown = alignment >= 0 ? shown.PadLeft(alignment) : shown.PadRight(-alignment);
        text.Append(shown);
        arguments.Add(shown);
    }

    /// <summary>A message that names no value.</summary>
    public static implicit operator RefusalText(string message)
    {
        var t = new RefusalText(message.Length, 0);
        t.AppendLiteral(message);
        return t;
    }

    public override string ToString() => text?.ToString() ?? "";
}

/// <summary>
/// A value a message names whose English wording is not the value itself — a list of invoices with their statuses reads
/// "№ 72001 is paid, № 72002 is cancelled" — so the argument keeps the bare <see cref="Value"/> for another language's
/// template to word its own way.
/// </summary>
public interface IRefusalValue
{
    string English { get; }
    string Value { get; }
}

/// <summary>
/// Invoices each with one thing said of it (a status, the client it belongs to): the English joins
/// "№ {number} {phrase}" items with commas; the value is "number=detail" items joined by ';' for a template's format.
/// </summary>
public sealed record InvoicesSaying(IReadOnlyList<(long Number, string Detail)> Items, Func<string, string> EnglishPhrase) : IRefusalValue
{
    public string English => string.Join(", ", Items.Select(i => $"№ {i.Number} {EnglishPhrase(i.Detail)}"));
    public string Value => string.Join(";", Items.Select(i => $"{i.Number}={i.Detail}"));

    /// <summary>Reads <see cref="Value"/> back into its items.</summary>
    public static IReadOnlyList<(string Number, string Detail)> Parse(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(item => item.Split('=', 2) is [var n, var d] ? (n, d) : (item, "")).ToList();
}
