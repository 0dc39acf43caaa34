using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace BackOffice.Ledger.Documents;

/// <summary>One organisation's invoice letter: subject and body with fields in braces («Счет № {Номер} от {Дата}»).</summary>
public sealed class InvoiceMailTemplate
{
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
}

/// <summary>
/// BackOffice:InvoiceMail — the letter the invoice PDF goes out with, per organisation code (Templates:LIVE, …), and
/// the one for organisations without their own (Templates:Default). Staff edit the wording; a field that does not exist
/// is refused at start, naming the key, rather than mailed to clients as «{Nomer}».
/// </summary>
public sealed partial class InvoiceMailOptions
{
    public const string Section = "BackOffice:InvoiceMail";
    public const string DefaultKey = "Default";

    /// <summary>The fields a template may name, and what each prints.</summary>
    public static readonly IReadOnlyList<string> Fields = ["Номер", "Дата", "СрокОплаты", "Сумма", "Клиент", "Организация"];

    /// <summary>Off: published invoices are not mailed (the PDF is still printed by `invoices pdf`).</summary>
    public bool Enabled { get; set; } = true;

    public Dictionary<string, InvoiceMailTemplate> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public static readonly InvoiceMailTemplate BuiltIn = new()
    {
        Subject = "Счет на оплату № {Номер} от {Дата}",
        Body = """
            Здравствуйте!

            Направляем счет на оплату № {Номер} от {Дата} на сумму {Сумма}. Оплатить не позднее {СрокОплаты}.
            Счет во вложении; QR-код на нем можно отсканировать в приложении банка — реквизиты и сумма заполнятся сами.

            {Организация}
            """,
    };

    public InvoiceMailTemplate For(string organisationCode) =>
        Templates.GetValueOrDefault(organisationCode) ?? Templates.GetValueOrDefault(DefaultKey) ?? BuiltIn;

    public static string Fill(string template, IReadOnlyDictionary<string, string> values) =>
        FieldPattern().Replace(template, m => values[m.Groups[1].Value]);

    /// <summary>Each template's unknown fields, as "Templates:LIVE:Subject names {Nomer}".</summary>
    public IEnumerable<string> Problems()
    {
        foreach (var (key, t) in Templates)
            foreach (var (part, text) in new[] { ("Subject", t.Subject), ("Body", t.Body) })
            {
                if (string.IsNullOrWhiteSpace(text)) yield return $"{Section}:Templates:{key}:{part} is empty";
                foreach (Match m in FieldPattern().Matches(text ?? ""))
                    if (!Fields.Contains(m.Groups[1].Value))
                        yield return $"{Section}:Templates:{key}:{part} names {{{m.Groups[1].Value}}}, which is not a field (use {string.Join(", ", Fields.Select(f => "{" + f + "}"))})";
            }
    }

    [GeneratedRegex(@"\{([^{}\s]*)\}")]
    private static partial Regex FieldPattern();
}

public sealed class InvoiceMailOptionsValidation : IValidateOptions<InvoiceMailOptions>
{
    public ValidateOptionsResult Validate(string? name, InvoiceMailOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
