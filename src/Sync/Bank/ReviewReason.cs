using BackOffice.Ledger;

namespace BackOffice.Sync.Bank;

/// <summary>
/// Why a document waits on the review desk: the English the verbs print (<see cref="Text"/>), and the rule
/// (<see cref="Code"/>) with the values the text names (<see cref="Arguments"/>), stored beside it so treasury's page can
/// say the same in Russian. The codes share the refusals' catalogue (one template per code).
/// </summary>
public sealed record ReviewReason(RefusalCode Code, string Text, IReadOnlyList<string> Arguments)
{
    public static readonly RefusalCode NoNumberNoOpenInvoice = new("queue.no-number-no-open-invoice");
    public static readonly RefusalCode NoNumberSeveralOpen = new("queue.no-number-several-open");
    public static readonly RefusalCode InvoiceMissing = new("queue.invoice-missing");
    public static readonly RefusalCode InvoiceOfAnotherClient = new("queue.invoice-of-another-client");
    public static readonly RefusalCode InvoiceClosed = new("queue.invoice-closed");
    public static readonly RefusalCode InnShared = new("queue.inn-shared");
    public static readonly RefusalCode InnSharedNamingInvoice = new("queue.inn-shared-naming-invoice");
    public static readonly RefusalCode AccountShared = new("queue.account-shared");
    public static readonly RefusalCode AccountSharedNamingInvoice = new("queue.account-shared-naming-invoice");
    public static readonly RefusalCode PayerUnknown = new("queue.payer-unknown");
    public static readonly RefusalCode PayerUnknownNamingInvoice = new("queue.payer-unknown-naming-invoice");
    public static readonly RefusalCode SameKeyOtherContent = new("queue.same-key-other-content");
    public static readonly RefusalCode DirectionUnknown = new("queue.direction-unknown");
    public static readonly RefusalCode MatchUndone = new("queue.match-undone");

    public static ReviewReason Of(RefusalCode code, RefusalText text) => new(code, text.ToString(), text.Arguments);

    public override string ToString() => Text;

    /// <summary>A payer problem, when the purpose also names invoices: the same rule's variant that names them too.</summary>
    public ReviewReason NamingInvoices(string numbers)
    {
        // Only a payer problem has a variant: anything else would be worded in Russian as a payer problem it is not.
        var code = Code == InnShared ? InnSharedNamingInvoice
            : Code == AccountShared ? AccountSharedNamingInvoice
            : Code == PayerUnknown ? PayerUnknownNamingInvoice
            : throw new InvalidOperationException($"{Code} is not a payer problem.");
        return new ReviewReason(code, $"{Text} The purpose names invoice № {numbers}.", [.. Arguments, numbers]);
    }
}
