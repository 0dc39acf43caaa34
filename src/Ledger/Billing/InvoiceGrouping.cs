namespace BackOffice.Ledger.Billing;

/// <summary>Items that go on one invoice: one client, one due date.</summary>
public sealed record InvoiceBatch<T>(int ClientId, DateOnly DueDate, IReadOnlyList<T> Items);

public static class InvoiceGrouping
{
    /// <summary>
    /// One invoice per client and due date, unless the client asked for separate invoices (clients.separate_invoices):
    /// then one per item. Batches come out by client, then due date; items keep their order.
    /// </summary>
    public static IReadOnlyList<InvoiceBatch<T>> Group<T>(IEnumerable<T> items, Func<T, int> clientId,
        Func<T, DateOnly> dueDate, Func<T, bool> separateInvoices)
    {
        var batches = new List<InvoiceBatch<T>>();
        foreach (var group in items.GroupBy(i => (Client: clientId(i), Due: dueDate(i))).OrderBy(g => g.Key.Client).ThenBy(g => g.Key.Due))
        {
            var together = group.Where(i => !separateInvoices(i)).ToList();
            if (together.Count > 0) batches.Add(new InvoiceBatch<T>(group.Key.Client, group.Key.Due, together));
            foreach (var alone in group.Where(separateInvoices))
                batches.Add(new InvoiceBatch<T>(group.Key.Client, group.Key.Due, [alone]));
        }
        return batches;
    }

    /// <summary>
    /// What every invoice-writing path uses (renewals, orders, due-date moves): one invoice per organisation — the legal
    /// entity that sells the product, which also fixes the VAT mode — then per <see cref="Group{T}"/>. An invoice never
    /// carries lines of two legal entities. Batches come out by client, due date, then organisation.
    /// </summary>
    public static IReadOnlyList<(int Organisation, InvoiceBatch<T> Batch)> ByOrganisation<T>(IEnumerable<T> items, Func<T, int> organisationId,
        Func<T, int> clientId, Func<T, DateOnly> dueDate, Func<T, bool> separateInvoices) =>
        items.GroupBy(organisationId)
            .SelectMany(org => Group(org, clientId, dueDate, separateInvoices).Select(b => (Organisation: org.Key, Batch: b)))
            .OrderBy(b => b.Batch.ClientId).ThenBy(b => b.Batch.DueDate).ThenBy(b => b.Organisation)
            .ToList();
}
