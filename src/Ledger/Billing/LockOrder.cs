namespace BackOffice.Ledger.Billing;

/// <summary>
/// The one order in which money paths take row locks (issue 8). Two transactions that take locks in the same order
/// queue instead of deadlocking; before issue 8 payments and the overdue run took the invoice before the client while
/// renewals took the client first, and a bank statement paying two invoices of one client deadlocked with the overdue run.
/// <list type="number">
/// <item>bank_documents / bank_statements rows of the file being imported or reviewed (only treasury takes them). A chunk of a
///   statement is stored with its outcome, so its new documents' keys are taken after its payers are locked: only another
///   import storing the same key waits there, the case of two statements at once below;</item>
/// <item>clients — the client whose money moves, before anything of theirs. A transaction that locks one client at a
///   time (payments, refunds, overdue, due-date moves, orders, the per-client renewal path) cannot close a cycle; one that
///   locks several takes them in ascending id (renewal chunks, a chunk of a bank statement: PaymentMatcher.MatchChunkAsync and
///   <see cref="PaymentBook.RecordManyAsync"/>). A statement of several chunks holds the earlier chunks' clients while it takes
///   the next, so two large statements can still deadlock: the import reads the victim's file again;</item>
/// <item>orders (the order desk only);</item>
/// <item>invoices, ascending id when several (invoice ids are read without a lock to find the client first:
///   <see cref="InvoiceWriter.ClientOfAsync"/>, or <see cref="InvoiceWriter.LockClientThenInvoiceAsync"/> for one invoice);</item>
/// <item>services, service_changes, promo_codes;</item>
/// <item>invoice_numbering — the counter row, last, held only until commit.</item>
/// </list>
/// The outbox and outgoing_mail are only inserted into. Who takes them: <see cref="PaymentBook"/> (record, refund),
/// <see cref="InvoiceWriter.PublishAsync"/> and <see cref="InvoiceWriter.CancelAsync"/>, <see cref="OverdueProcessor"/>,
/// <see cref="RenewalInvoicer"/>, <see cref="DueDateMover"/>, <see cref="OrderDesk"/>, and the bank import through PaymentBook.
/// </summary>
public static class LockOrder;
