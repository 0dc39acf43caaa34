using System.Globalization;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class InvoiceDocumentVerbTests(PostgresCluster cluster) : VerbTest(cluster)
{
    [Fact]
    public async Task Pdf_writes_the_form_and_send_queues_it_again_recorded()
    {
        var number = (await PublishedInvoiceAsync("2 160,50")).ToString(CultureInfo.InvariantCulture);
        var file = Path.Combine(Path.GetTempPath(), $"backoffice-invoice-{Guid.NewGuid():N}.pdf");
        try
        {
            var written = await JsonOf("invoices", "pdf", number, "--out", file);
            Assert.Equal(file, written.GetProperty("file").GetString());
            Assert.Equal(2160.50m, written.GetProperty("toPay").GetDecimal());
            Assert.Contains("|Sum=216050|", written.GetProperty("qr").GetString());
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file), 0, 5));
            Assert.False(File.Exists(file + ".partial"));
        }
        finally
        {
            File.Delete(file);
        }

        var sent = await Ok("invoices", "send", number, "--by", "ekamyshina");
        Assert.Contains($"Invoice № {number} queued to", sent.Out);
        Assert.Equal(1, await CountAsync("invoice_mail", $"reason = 'resend' and requested_by = 'ekamyshina'"));
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'invoice' and attachments::text like '%application/pdf%'"));

        var before = await SnapshotAsync(LedgerTables);
        await Refused(1, "There is no invoice № 1.", "invoices", "pdf", "1", "--out", file);
        Assert.False(File.Exists(file));
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
    }

    [Fact]
    public async Task A_client_set_to_no_invoice_mail_by_client_edit_gets_no_invoice_sent_and_clearing_it_sends_again()
    {
        await Ok("client", "edit", "7583", "--no-invoice-mail", "true", "--by", "ekamyshina");
        Assert.Equal(1, await CountAsync("clients", "id = 7583 and no_invoice_mail"));

        var number = (await PublishedInvoiceAsync()).ToString(CultureInfo.InvariantCulture);
        var before = await SnapshotAsync(LedgerTables);
        await Refused(1, "asked for no invoice mail", "invoices", "send", number, "--by", "ekamyshina");
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        Assert.Equal(0, await CountAsync("outgoing_mail", "kind = 'invoice'"));

        await Ok("client", "edit", "7583", "--no-invoice-mail", "false", "--by", "ekamyshina");
        await Ok("invoices", "send", number, "--by", "ekamyshina");
        Assert.Equal(1, await CountAsync("outgoing_mail", "kind = 'invoice'"));
    }
}
