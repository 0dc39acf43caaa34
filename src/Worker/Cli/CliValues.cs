using System.CommandLine;
using BackOffice.Ledger.Text;

namespace BackOffice.Worker.Cli;

/// <summary>Options holding dates and money, read the one way (<see cref="BusinessText"/>) with errors naming the option.</summary>
static class CliValues
{
    public static Option<DateOnly?> Date(string name, string description, bool required = false) => new(name)
    {
        Description = $"{description} ({BusinessText.DateForms})",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (BusinessText.TryParseDate(text, out var date)) return date;
            result.AddError($"{name}: '{text}' is not a date; write it as {BusinessText.DateForms}.");
            return null;
        },
    };

    public static Option<decimal?> Money(string name, string description, bool required = false) => new(name)
    {
        Description = $"{description} ({BusinessText.MoneyForms})",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (BusinessText.TryParseMoney(text, out var amount)) return amount;
            result.AddError($"{name}: '{text}' is not an amount; write it as {BusinessText.MoneyForms}.");
            return null;
        },
    };

    public static Option<DateOnly?> Month(string name, string description) => new(name)
    {
        Description = $"{description} ({BusinessText.MonthForms})",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (BusinessText.TryParseMonth(text, out var month)) return month;
            result.AddError($"{name}: '{text}' is not a month; write it as {BusinessText.MonthForms}.");
            return null;
        },
    };
}
