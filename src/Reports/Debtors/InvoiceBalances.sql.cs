namespace BackOffice.Reports.Debtors;

/// <summary>
/// Every published invoice issued by the as-of date with what was paid on it by that date, so that a report for a past
/// date comes out the same whenever it is made (SPEC §5; OCA's aged balance got this wrong, OCA#707).
/// <list type="bullet">
/// <item>An invoice marked paid on or before the date is settled: nothing is owed on it, whatever was refunded later.</item>
/// <item>Otherwise paid = the credit applied when it was published (dated its issue date) plus each payment and refund
/// dated on or before the date, counting only the part that went onto the invoice: the overpaid part of a payment went
/// to credit, and a refund comes off credit before the invoice (both recorded in credit_ledger under the payment).</item>
/// <item>A cancelled invoice owes nothing. Cancellation is not dated in the ledger, so an invoice cancelled after the
/// as-of date is left out of a past report too.</item>
/// </list>
/// Parameters: @AsOf, @ManagerId (null: every client).
/// </summary>
static class InvoiceBalances
{
    public const string Cte = """
        balances as (
            select i.id, i.number, i.client_id, i.issue_date, i.due_date, i.total, i.status,
                   s.settled, case when s.settled then i.paid_date end as paid_date, s.paid,
                   case when i.status = 'cancelled' then 0 else i.total - s.paid end as balance
            from invoices i
            join clients c on c.id = i.client_id
            left join (
                select p.invoice_id,
                       sum(case when p.kind = 'payment' then p.amount - coalesce(cr.amount, 0)
                                else -(p.amount + coalesce(cr.amount, 0)) end) as applied
                from payments p
                left join (select payment_id, sum(amount) as amount from credit_ledger
                           where payment_id is not null group by payment_id) cr on cr.payment_id = p.id
                where p.paid_on <= @AsOf and p.invoice_id is not null
                group by p.invoice_id
            ) p on p.invoice_id = i.id
            cross join lateral (
                select i.status in ('paid', 'refunded') and i.paid_date <= @AsOf as settled
            ) st
            cross join lateral (
                select st.settled,
                       case when st.settled then i.total when i.status = 'cancelled' then 0
                            else i.credit_applied + coalesce(p.applied, 0) end as paid
            ) s
            where i.number is not null and i.issue_date <= @AsOf
              and (cast(@ManagerId as integer) is null or c.sales_manager_id = @ManagerId)
        )
        """;

    /// <summary>The client as the ledger names it: the company, else the person.</summary>
    public const string ClientName = "coalesce(nullif(c.company_name, ''), trim(c.last_name || ' ' || c.first_name))";
}
