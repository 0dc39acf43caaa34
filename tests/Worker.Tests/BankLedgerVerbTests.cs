using System.Globalization;
using System.Text.Json;
using BackOffice.Tests.Support;
using Dapper;

namespace BackOffice.Worker.Tests;

public class BankLedgerVerbTests(PostgresCluster cluster) : VerbTest(cluster), IDisposable
{
    const string OurAccount = BankStatementFile.OurAccount;
    readonly string folder = Directory.CreateTempSubdirectory("bank-ledger-verbs-").FullName;

    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    string Statement(string name, string number, decimal amount, string purpose, string date = "01.12.2026") =>
        BankStatementFile.Write(folder, name, number, amount, purpose, date);

    async Task<(long Number, long Document)> MatchedPaymentAsync()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        await Ok("bank", "import", Statement("a.txt", "501", 1660m, $"Оплата по счету № {number} от 01.12.2026 за услуги. Без НДС"));
        var docs = await JsonOf("bank", "payments", "--status", "matched");
        Assert.Equal(1, docs.GetArrayLength());
        Assert.Equal(S(number), docs[0].GetProperty("invoiceNumbers").GetString());
        return (number, docs[0].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Statements_and_documents_are_listed_and_a_wrong_match_is_undone_into_the_review_queue()
    {
        var (number, doc) = await MatchedPaymentAsync();
        var statements = await JsonOf("bank", "statements");
        Assert.Equal(1, statements.GetArrayLength());
        Assert.Equal(1, statements[0].GetProperty("matched").GetInt32());
        Assert.Equal(OurAccount, statements[0].GetProperty("accounts").GetString());
        Assert.Equal("2026-12-01", statements[0].GetProperty("periodFrom").GetString());
        Assert.Contains("01.12.2026", (await Ok("bank", "statements")).Out);
        Assert.Equal(1, (await JsonOf("bank", "payments", "--client", "7583", "--amount", "1 660,00", "--from", "01.12.2026", "--to", "2026-12-01")).GetArrayLength());
        Assert.Equal(0, (await JsonOf("bank", "payments", "--amount", "1660.01")).GetArrayLength());
        Assert.Contains("1 660,00 руб.", (await Ok("bank", "payments")).Out);

        var before = await SnapshotAsync(LedgerTables);
        var rehearsal = await Ok("bank", "unmatch", S(doc), "--reason", "платил за другого клиента", "--dry-run");
        Assert.Contains("would go back in the review queue", rehearsal.Out);
        Assert.Contains("1 660,00 руб. off invoice", rehearsal.Out);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));

        var undone = await JsonOf("bank", "unmatch", S(doc), "--reason", "платил за другого клиента", "--by", "treasury");
        Assert.Equal("matched", undone.GetProperty("statusBefore").GetString());
        Assert.Equal(1660m, undone.GetProperty("reversed")[0].GetProperty("fromInvoice").GetDecimal());
        await using (var conn = await Db.OpenConnectionAsync())
        {
            var invoice = await conn.QuerySingleAsync<(string Status, decimal AmountPaid)>("select status, amount_paid from invoices where number = @number", new { number });
            Assert.Equal(("unpaid", 0m), invoice);
            Assert.Equal("review", await conn.ExecuteScalarAsync<string>("select status from bank_documents where id = @doc", new { doc }));
            Assert.Equal(1, await conn.ExecuteScalarAsync<int>("select count(*) from bank_unmatches where document_id = @doc and created_by = 'treasury'", new { doc }));
        }
        var queue = await JsonOf("bank", "queue");
        Assert.Contains(queue.EnumerateArray(), q => q.GetProperty("documentId").GetInt64() == doc && q.GetProperty("reason").GetString()!.Contains("другого клиента"));
        await Refused(1, "only a matched document", "bank", "unmatch", S(doc), "--reason", "ещё раз");

        // Back in the queue, it is resolved as any queued document: here, onto the other client's credit.
        await Ok("bank", "match", S(doc), "--to-credit", "4314");
        Assert.Equal(1660m, (await JsonOf("credit", "show", "4314")).GetProperty("balance").GetDecimal());
    }

    [Fact]
    public async Task Unmatching_a_document_whose_payment_was_refunded_is_refused()
    {
        var (_, doc) = await MatchedPaymentAsync();
        long payment;
        await using (var conn = await Db.OpenConnectionAsync())
            payment = await conn.ExecuteScalarAsync<long>("select payment_id from bank_document_payments where document_id = @doc", new { doc });
        await Ok("payments", "refund", S(payment));
        await Refused(1, $"Payment #{payment} was already refunded", "bank", "unmatch", S(doc), "--reason", "ошибка");
        await Refused(1, $"Payment #{payment} was already refunded", "bank", "unmatch", S(doc), "--reason", "ошибка", "--dry-run");
    }

    [Fact]
    public async Task Unmatching_is_refused_when_the_credit_the_payment_left_was_spent_since()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        await Ok("bank", "import", Statement("over.txt", "502", 2000m, $"Оплата по счету № {number}"));
        var doc = (await JsonOf("bank", "payments"))[0].GetProperty("id").GetInt64();
        Assert.Equal(340m, (await JsonOf("credit", "show", "7583")).GetProperty("balance").GetDecimal());
        await PublishedInvoiceAsync("500,00");  // publishing applies the client's credit
        Assert.Equal(0m, (await JsonOf("credit", "show", "7583")).GetProperty("balance").GetDecimal());

        await Refused(1, "the rest was spent on other invoices", "bank", "unmatch", S(doc), "--reason", "ошибка");
    }

    [Fact]
    public async Task A_cancelled_claim_is_listed_as_such_and_no_longer_looked_for()
    {
        var claim = await JsonOf("bank", "claim", "add", "--inn", "7708305901", "--number", "777", "--date", "01.12.2026", "--amount", "2 500,00",
            "--manager", "1");
        var id = S(claim.GetProperty("id").GetInt64());
        Assert.Equal("open", (await JsonOf("bank", "claims", "--status", "open"))[0].GetProperty("status").GetString());

        var cancelled = await JsonOf("bank", "claim", "cancel", id, "--reason", "клиент перепутал счёт");
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(0, (await JsonOf("bank", "claims", "--status", "open")).GetArrayLength());
        Assert.Contains("клиент перепутал счёт", (await Ok("bank", "claims", "--status", "cancelled")).Out);
        await Refused(1, "already cancelled", "bank", "claim", "cancel", id, "--reason", "ещё раз");

        await Ok("bank", "import", Statement("b.txt", "777", 2500m, "Оплата по договору"));
        Assert.Equal(0, await CountAsync("payment_claims", "found_document_id is not null"));
        Assert.Equal(0, await CountAsync("outgoing_mail", "kind = 'claim_found'"));
    }

    [Fact]
    public async Task A_cancelled_claim_does_not_stop_the_same_payment_being_claimed_again()
    {
        string[] add = ["bank", "claim", "add", "--inn", "7708305901", "--number", "778", "--date", "01.12.2026", "--amount", "2 500,00", "--manager", "1"];
        var first = S((await JsonOf(add)).GetProperty("id").GetInt64());
        await Refused(1, "claimed already", add);
        await Ok("bank", "claim", "cancel", first, "--reason", "ошиблись датой");

        var again = await JsonOf(add);
        Assert.NotEqual(first, S(again.GetProperty("id").GetInt64()));
        Assert.Equal(1, (await JsonOf("bank", "claims", "--status", "open")).GetArrayLength());
    }

    [Theory]
    [InlineData(1, "There is no bank document #999999", "bank", "unmatch", "999999", "--reason", "x")]
    [InlineData(1, "There is no payment claim #999999", "bank", "claim", "cancel", "999999", "--reason", "x")]
    [InlineData(1, "There is no client #424242", "bank", "payments", "--client", "424242")]
    [InlineData(1, "There is no bank statement #999999", "bank", "payments", "--statement", "999999")]
    [InlineData(2, "'lost'", "bank", "payments", "--status", "lost")]
    [InlineData(2, "'lost'", "bank", "claims", "--status", "lost")]
    [InlineData(2, "--reason", "bank", "unmatch", "1")]
    public async Task Bad_input_is_refused_in_one_line_and_changes_nothing(int exitCode, string message, params string[] args) =>
        await Refused(exitCode, message, args);
}
