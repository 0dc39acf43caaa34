using BackOffice.Ledger.Organisations;

namespace BackOffice.Ledger.Documents;

/// <summary>A party of the invoice form: the seller (the invoice's organisation) or the buyer (the client).</summary>
public sealed record Party(string Name, string? Inn, string? Kpp, string? Address, string? Phone);

/// <summary>A numbered row of the form's table (lines that add to the total; option breakdowns are not rows of their own).</summary>
public sealed record DocumentLine(int No, string Name, decimal Quantity, string Unit, decimal Price, decimal Sum);

/// <summary>
/// Everything the «Счет на оплату» form prints, read from the ledger (<see cref="InvoiceDocuments"/>) or made up by a
/// test or the bench. <see cref="ToPay"/> is the total less the credit the invoice took when it was published.
/// </summary>
public sealed record InvoiceDocument(long Number, DateOnly IssueDate, DateOnly DueDate, Party Seller, BankAccount Bank, Party Buyer,
    IReadOnlyList<DocumentLine> Lines, decimal Total, decimal CreditApplied, decimal? VatRate, decimal VatAmount)
{
    public decimal ToPay => Total - CreditApplied;

    /// <summary>Who signs for the seller (organisations.director / chief_accountant); blank lines when unknown.</summary>
    public string? Director { get; init; }
    public string? Accountant { get; init; }
}
