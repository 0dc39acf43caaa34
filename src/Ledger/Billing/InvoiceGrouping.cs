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
}
