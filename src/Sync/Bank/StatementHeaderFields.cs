using System.Globalization;

namespace BackOffice.Sync.Bank;

/// <summary>Header keys (before the first section, or between sections) applied to the header.</summary>
internal static class StatementHeaderFields
{
    public static void Apply(StatementHeader header, string key, string value, int line)
    {
        if (value.Length == 0)
        {
            return;
        }

        switch (key)
        {
            case StatementKeys.FormatVersion:
                header.FormatVersion ??= value;
                break;
            case StatementKeys.Encoding:
                header.DeclaredEncoding ??= value;
                break;
            case StatementKeys.Sender:
                header.Sender ??= value;
                break;
            case StatementKeys.Receiver:
                header.Receiver ??= value;
                break;
            case StatementKeys.CreatedOn:
                header.CreatedOn ??= Date(key, value, line);
                break;
            case StatementKeys.CreatedAt:
                header.CreatedAt ??= TimeOnly.TryParseExact(value, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                    ? time
                    : throw new StatementRejected(StatementRejected.NotATime, $"'{value}' is not a time (HH:mm:ss)", line, key);
                break;
            case StatementKeys.DateFrom:
                header.PeriodFrom ??= PeriodDate(header, key, value, line);
                break;
            case StatementKeys.DateTo:
                header.PeriodTo ??= PeriodDate(header, key, value, line);
                break;
            case StatementKeys.Account:
                if (!header.AccountList.Contains(value))
                {
                    header.AccountList.Add(value);
                }

                break;
            case StatementKeys.DocumentKind:
                header.DocumentKindList.Add(value);
                break;
        }
    }

    /// <summary>The file's period only describes it; a bank's or a hand's typo there costs no money, so it is a warning.</summary>
    private static DateOnly? PeriodDate(StatementHeader header, string key, string value, int line)
    {
        if (StatementValues.TryParseDate(value, "dd.MM.yyyy", out var date))
            return date;
        header.WarningList.Add($"line {line}, key {key}: '{value}' is not a date (dd.MM.yyyy); the statement's period is left without it");
        return null;
    }

    private static DateOnly Date(string key, string value, int line) =>
        StatementValues.TryParseDate(value, "dd.MM.yyyy", out var date)
            ? date
            : throw new StatementRejected(StatementRejected.NotADate, $"'{value}' is not a date (dd.MM.yyyy)", line, key);
}
