using System.Globalization;
using BackOffice.Ledger.Text;
using BackOffice.Sync.Accounting;

namespace BackOffice.Web.Pages.Accounting;

/// <summary>
/// The 1C mirror's problems and differences in an accountant's words. The feature writes them for the operator at a
/// terminal (English, with the verb to run); the page says the same in Russian and links where the fix is made.
/// </summary>
public static class AccountingText
{
    static readonly TimeZoneInfo Moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");

    public sealed record Explained(string Title, string What, string Fix, string? FixLink, string? FixLinkText);

    public static Explained Explain(SyncProblem p)
    {
        var edit = p.ClientId is { } id ? $"/Clients/{id}/Edit" : null;
        return p.Kind switch
        {
            "no_code" => new("Нет кода контрагента",
                "У клиента не указан «Код контрагента в Юнион», поэтому его счета не с кем связать в 1С.",
                "Найдите контрагента в 1С и впишите его код в карточку клиента. Счета уйдут в 1С при следующем обмене.",
                edit, "Указать код в карточке клиента"),
            "unknown_code" => new("Код контрагента не найден в 1С",
                "В 1С нет контрагента с кодом, который указан у клиента.",
                "Исправьте код в карточке клиента или заведите контрагента в 1С (отсюда контрагенты не создаются).",
                edit, "Исправить код в карточке клиента"),
            "inn_mismatch" => new("ИНН/КПП не совпадают с 1С",
                "ИНН или КПП клиента отличаются от ИНН/КПП контрагента в 1С с тем же кодом.",
                "Сверьте реквизиты: исправьте ИНН/КПП клиента или его код контрагента — что из них неверно.",
                edit, "Исправить реквизиты в карточке клиента"),
            "no_contract" => new("Нет договора с покупателем",
                "У контрагента в 1С нет договора вида «С покупателем» с организацией, выставившей счёт.",
                "Создайте договор с покупателем в 1С; счета уйдут при следующем обмене. Либо администратор задаёт договор по умолчанию для организации в настройках.",
                p.ClientId is { } c ? $"/Clients/{c}" : null, "Карточка клиента"),
            "configuration" => new("Настройки обмена с 1С",
                "1С отвергает подключение или настройки обмена; пока это так, ни один счёт не уходит.",
                "Сообщите администратору: исправить нужно настройку, названную в сообщении ниже. Обмен повторится сам.",
                null, null),
            "gave_up" => new("1С не принял счёт",
                "1С отвечал ошибкой на все попытки отправить счёт, и попытки прекращены.",
                "Устраните причину (ответ 1С ниже), затем нажмите «Отправить снова».",
                p.Invoices.Count > 0 ? $"/Invoices/{p.Invoices[0].ToString(CultureInfo.InvariantCulture)}" : null, "Открыть счёт"),
            _ => new(p.Kind, p.Message, p.Fix, edit, edit is null ? null : "Карточка клиента"),
        };
    }

    public static string Difference(string difference) => difference switch
    {
        "missing in 1C" => "нет в 1С",
        "missing in the ledger" => "нет в учёте",
        "total differs" => "сумма отличается",
        "contractor differs" => "контрагент отличается",
        "status differs" => "статус отличается",
        _ => difference,
    };

    /// <summary>What the ledger shows in a difference: figures as the staff write them, the invoice status by its Russian name.</summary>
    public static string LedgerSide(ReconcileDifference d) => d switch
    {
        { Difference: "status differs", LedgerStatus: { } status } => LedgerText.InvoiceStatus(status),
        { LedgerTotal: { } total, LedgerStatus: { } status } => $"{BusinessText.FormatFigure(total)} {LedgerText.InvoiceStatus(status)}",
        { LedgerTotal: { } total } => BusinessText.FormatFigure(total),
        _ => d.Ledger ?? "—",
    };

    /// <summary>What 1C shows in a difference, its mark for deletion in Russian.</summary>
    public static string OneCSide(ReconcileDifference d) => d switch
    {
        { Difference: "status differs", OneCDeleted: { } deleted } => LedgerText.Mirror(deleted ? "marked for deletion" : "not marked for deletion"),
        { OneCTotal: { } total, OneCDeleted: true } => $"{BusinessText.FormatFigure(total)} {LedgerText.Mirror("marked for deletion")}",
        { OneCTotal: { } total } => BusinessText.FormatFigure(total),
        _ => d.OneC ?? "—",
    };

    /// <summary>An instant as the staff read it: Moscow time.</summary>
    public static string Instant(DateTime? utc) => utc is { } t
        ? TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(t, DateTimeKind.Utc), Moscow).ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)
        : "—";
}
