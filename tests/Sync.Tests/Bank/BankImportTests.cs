using BackOffice.Sync.Bank;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Bank;

public sealed class BankImportTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    static readonly DateOnly Jan = new(2019, 1, 10);

    [Fact]
    public async Task An_exact_payment_naming_the_invoice_pays_it_and_the_summary_counts_it()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var file = Statement("a.txt", new Order("118", 1000m, $"Оплата по счету № {number} от 10.01.19, без НДС"),
            new Order("7", 500m, "Оплата аренды") { PayerAccount = OurAccount, RecipientAccount = "40702810000000000002", PayerInn = "7709983032" });

        var summary = await Import.ImportFileAsync(file, "treasury");

        Assert.Equal((2, 1, 1, 0, 0, 0, 0, 1), (summary.DocumentsRead, summary.Incoming, summary.Matched, summary.Partial, summary.ToCredit,
            summary.ToReview, summary.Duplicates, summary.Outgoing));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {number}"));
        Assert.Equal(1, await CountAsync("payments", "reference = 'п/п 118' and amount = 1000 and created_by = 'treasury'"));
        Assert.Equal(1, await CountAsync("bank_documents", "status = 'matched' and client_id = 7583 and direction = 'incoming'"));
        Assert.Equal(1, await CountAsync("bank_documents", "status = 'outgoing' and direction = 'outgoing'"));
        Assert.Equal(1, await CountAsync("bank_document_payments"));
        Assert.Empty(summary.Balances); // no balance section in this statement
        Assert.Equal(1, await CountAsync("bank_statements", "file_name = 'a.txt' and documents_read = 2 and matched = 1 and length(trim(sha256)) = 64 and sha256 <> repeat('0', 64)"));
    }

    [Fact]
    public async Task The_purpose_of_our_own_payment_qr_is_read_first_whatever_the_payer_appended()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var (document, _) = await new BackOffice.Ledger.Documents.InvoiceDocuments(Db).RenderAsync(number);
        var purpose = BackOffice.Ledger.Documents.PaymentQr.Purpose(document) + " Доплата к счету 7";
        Assert.Equal([number.ToString(System.Globalization.CultureInfo.InvariantCulture), "7"], InvoiceNumberExtractor.Extract(purpose));

        var summary = await Import.ImportFileAsync(Statement("a.txt", new Order("118", 1000m, purpose)), "treasury");

        Assert.Equal((1, 0), (summary.Matched, summary.ToReview));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {number}"));
    }

    [Fact]
    public async Task The_summary_reports_a_balance_section_whose_totals_differ_from_its_documents()
    {
        var lines = StatementLines(new Order("1", 100m, "Оплата"), new Order("2", 50m, "Оплата"));
        lines.InsertRange(10, ["СекцияРасчСчет", "ДатаНачала=11.02.2019", "ДатаКонца=11.02.2019", $"РасчСчет={OurAccount}",
            "НачальныйОстаток=0.00", "ВсегоПоступило=120.00", "ВсегоСписано=0.00", "КонечныйОстаток=120.00", "КонецРасчСчет"]);

        var summary = await Import.ImportFileAsync(Temp.Write("s.txt", lines, BankSamples.Cp1251), "treasury");

        var balance = Assert.Single(summary.Balances);
        Assert.Equal((false, 30m), (balance.Agrees, balance.DifferenceIn));
    }

    [Fact]
    public async Task What_carries_no_money_is_a_warning_in_the_summary_and_the_import_is_the_same_as_without_it()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var orders = new[] { new Order("118", 1000m, $"Оплата по счету № {number}"), new Order("119", 5m, "Оплата") };
        var lines = StatementLines(orders);
        lines[lines.IndexOf("ДатаНачала=11.02.2019")] = "ДатаНачала=11.02.19";
        lines.Insert(lines.IndexOf("КонецДокумента") + 1, "--- страница 2 ---");
        var strayLine = lines.IndexOf("--- страница 2 ---") + 1;

        var summary = await Import.ImportFileAsync(Temp.Write("tolerated.txt", lines, BankSamples.Cp1251), "treasury");

        Assert.Equal(["line 8, key ДатаНачала: '11.02.19' is not a date (dd.MM.yyyy); the statement's period is left without it",
            $"line {strayLine}: '--- страница 2 ---' is neither key=value nor a section marker; skipped"], summary.Warnings);
        Assert.Equal((2, 1, 1), (summary.DocumentsRead, summary.Matched, summary.ToReview));
        Assert.Equal(1, await CountAsync("payments"));

        // the same statement without the tolerated lines holds exactly the same documents: all of them are duplicates
        var clean = await Import.ImportFileAsync(Statement("clean.txt", orders), "treasury");
        Assert.Empty(clean.Warnings);
        Assert.Equal((2, 2), (clean.DocumentsRead, clean.Duplicates));
        Assert.Equal(1, await CountAsync("payments"));
    }

    [Fact]
    public async Task The_same_file_twice_and_an_overlapping_statement_are_skipped_as_duplicates()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var first = new Order("118", 400m, $"Оплата по счету № {number}");
        var file = Statement("a.txt", first);
        await Import.ImportFileAsync(file, "treasury");

        var again = await Import.ImportFileAsync(file, "treasury");
        var overlapping = await Import.ImportFileAsync(Statement("b.txt", first, new Order("119", 600m, $"Оплата по счету № {number}")), "treasury");

        Assert.Equal((1, 1, 0), (again.DocumentsRead, again.Duplicates, again.Partial));
        Assert.Equal((2, 1, 1), (overlapping.DocumentsRead, overlapping.Duplicates, overlapping.Matched));
        Assert.Equal(2, await CountAsync("payments"));
        Assert.Equal(2, await CountAsync("bank_documents"));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {number}"));
    }

    [Fact]
    public async Task Re_importing_the_same_file_records_it_was_seen_again_without_a_second_statement_row()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        var file = Statement("a.txt", new Order("118", 400m, $"Оплата по счету № {number}"));
        var first = await Import.ImportFileAsync(file, "treasury");
        var copy = Temp.WriteBytes("a (copy).txt", await File.ReadAllBytesAsync(file));
        var otherTables = Money.Where(t => t != "bank_statements").ToArray();
        var before = await SnapshotAsync(otherTables);
        Clock.Advance(TimeSpan.FromHours(2));

        var again = await Import.ImportFileAsync(file, "petrov");
        var underAnotherName = await Import.ImportFileAsync(copy, "ivanova");

        Assert.False(first.SeenAgain);
        Assert.Equal((true, first.StatementId, 1, 1), (again.SeenAgain, again.StatementId, again.DocumentsRead, again.Duplicates));
        Assert.Equal((true, first.StatementId), (underAnotherName.SeenAgain, underAnotherName.StatementId));
        Assert.Equal(1, await CountAsync("bank_statements"));
        Assert.Equal(1, await CountAsync("bank_statements",
            $"id = {first.StatementId} and file_name = 'a.txt' and imported_by = 'treasury' and times_seen = 3 and last_seen_by = 'ivanova' " +
            "and last_seen_at > imported_at and documents_read = 1 and partial = 1 and duplicates = 0"));
        Assert.Equal(before, await SnapshotAsync(otherTables));
    }

    [Fact]
    public async Task The_same_key_with_other_content_goes_to_review_once()
    {
        var number = await InvoiceAsync(7583, 1000m, Jan);
        await Import.ImportFileAsync(Statement("a.txt", new Order("118", 400m, $"Оплата по счету № {number}")), "treasury");
        var changed = Statement("b.txt", new Order("118", 400m, $"Оплата по счету № {number}, исправлено"));

        var summary = await Import.ImportFileAsync(changed, "treasury");
        var again = await Import.ImportFileAsync(changed, "treasury");

        Assert.Equal((1, 0, 1), (summary.ToReview, summary.Duplicates, again.Duplicates));
        Assert.Equal(1, await CountAsync("payments"));
        var item = Assert.Single(await new ReviewDesk(Db, Clock).ListAsync());
        Assert.StartsWith("A document with the same key", item.Reason);
        Assert.Equal("document", Assert.Single(item.Candidates).Kind);
    }

    [Fact]
    public async Task Less_is_partial_more_goes_to_credit_and_several_invoices_are_paid_oldest_first()
    {
        var a = await InvoiceAsync(7583, 1000m, Jan);
        var b = await InvoiceAsync(7583, 300m, Jan.AddDays(5));
        var c = await InvoiceAsync(12460, 700m, Jan);
        var file = Statement("a.txt",
            new Order("1", 500m, $"Оплата по счетам {b}, {a}"), // 500 → a first (older): a partly paid, b untouched
            new Order("2", 900m, $"по счету № {c} от 10.01.19") { PayerInn = "7725381772", PayerKpp = "772501001", PayerAccount = "40702810100000000888" });

        var summary = await Import.ImportFileAsync(file, "treasury");

        Assert.Equal((1, 0, 1), (summary.Partial, summary.Matched, summary.ToCredit));
        Assert.Equal(500m, await ScalarAsync<decimal>($"select amount_paid from invoices where number = {a}"));
        Assert.Equal(0m, await ScalarAsync<decimal>($"select amount_paid from invoices where number = {b}"));
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {c}"));
        Assert.Equal(200m, await ScalarAsync<decimal>("select credit_balance from clients where id = 12460"));

        var rest = await Import.ImportFileAsync(Statement("b.txt", new Order("3", 800m, $"Оплата по счетам {a} и {b}")), "treasury");
        Assert.Equal(1, rest.Matched);
        Assert.Equal(0, await CountAsync("invoices", $"number in ({a}, {b}) and status <> 'paid'"));
    }

    [Fact]
    public async Task Without_a_number_the_single_open_invoice_of_that_exact_amount_is_matched_and_a_payer_known_by_account_is_found()
    {
        var a = await InvoiceAsync(7583, 1000m, Jan);
        await Import.ImportFileAsync(Statement("a.txt", new Order("1", 1000m, "Оплата за услуги связи")), "treasury");
        Assert.Equal("paid", await ScalarAsync<string>($"select status from invoices where number = {a}"));

        var b = await InvoiceAsync(7583, 250m, Jan);
        // no INN this time: the account earlier payments of #7583 came from names the payer
        var summary = await Import.ImportFileAsync(Statement("b.txt", new Order("2", 250m, $"Оплата сч.№{b}") { PayerInn = "", PayerKpp = "" }), "treasury");
        Assert.Equal(1, summary.Matched);
    }

    [Fact]
    public async Task A_third_party_payer_no_candidate_and_a_tie_go_to_review_with_candidates_and_nothing_is_paid()
    {
        var foreign = await InvoiceAsync(12460, 1000m, Jan);
        await InvoiceAsync(7583, 300m, Jan);
        await InvoiceAsync(7583, 300m, Jan.AddDays(1));
        var file = Statement("a.txt",
            new Order("1", 1000m, $"Оплата по счету № {foreign} за ООО \"Сеть Отелей\""),
            new Order("2", 50m, "Оплата") { PayerInn = "7700000000", PayerAccount = "40702810100000000999" },
            new Order("3", 300m, "Оплата за услуги"));

        var summary = await Import.ImportFileAsync(file, "treasury");

        Assert.Equal((3, 0), (summary.ToReview, summary.Matched));
        Assert.Equal(0, await CountAsync("payments"));
        var items = await new ReviewDesk(Db, Clock).ListAsync();
        Assert.Equal($"Invoice № {foreign} belongs to another client than the payer (client #7583): a third-party payment?", items[0].Reason);
        Assert.Equal((foreign, 12460), (items[0].Candidates[0].InvoiceNumber!.Value, items[0].Candidates[0].ClientId!.Value));
        Assert.StartsWith("No client has the payer's INN 7700000000", items[1].Reason);
        Assert.Equal("No invoice number in the purpose and client #7583 has 2 open invoice(s); none can be chosen for certain.", items[2].Reason);
        Assert.Equal(2, items[2].Candidates.Count(c => c.Note == "same amount"));

        // Each reason also names its rule and the values it names, for treasury's page to word in Russian.
        Assert.Equal("queue.invoice-of-another-client", items[0].ReasonCode);
        Assert.Equal([$"{foreign}", "7583"], items[0].ReasonArguments!);
        Assert.Equal("queue.payer-unknown", items[1].ReasonCode);
        Assert.Equal(["7700000000", "40702810100000000999"], items[1].ReasonArguments!.Take(2));
        Assert.Equal("queue.no-number-several-open", items[2].ReasonCode);
        Assert.Equal(["7583", "2"], items[2].ReasonArguments!);
    }
}

public sealed class PayerLookupTests(PostgresCluster cluster) : TreasuryTest(cluster)
{
    [Fact]
    public async Task Clients_sharing_an_INN_are_told_apart_by_KPP_and_a_tie_goes_to_review_with_both()
    {
        await using (var conn = await Db.OpenConnectionAsync())
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = $"""
                insert into clients (id, first_name, company_name, email, inn, kpp) values
                    (50001, 'Филиал', 'ООО «Фабрика Бизнеса» СПб', 'spb@example.ru', '{FabrikaInn}', '780101001');
                """;
            await cmd.ExecuteNonQueryAsync();
        }

        var spb = await InvoiceAsync(50001, 400m, new DateOnly(2019, 1, 10));
        var byKpp = await Import.ImportFileAsync(Statement("a.txt", new Order("1", 400m, $"Оплата по счету № {spb}") { PayerKpp = "780101001" }), "treasury");
        var tie = await Import.ImportFileAsync(Statement("b.txt", new Order("2", 10m, "Оплата") { PayerKpp = "" }), "treasury");

        Assert.Equal((1, 1), (byKpp.Matched, tie.ToReview));
        var item = Assert.Single(await new ReviewDesk(Db, Clock).ListAsync());
        Assert.Equal($"2 clients have the payer's INN {FabrikaInn} (КПП none).", item.Reason);
        Assert.Equal("queue.inn-shared", item.ReasonCode);
        Assert.Equal(["2", FabrikaInn, "none"], item.ReasonArguments!);
        Assert.Equal([7583, 50001], item.Candidates.Select(c => c.ClientId!.Value));
    }

    [Fact]
    public async Task Transfers_between_own_accounts_are_stored_unmatched_and_a_document_of_no_own_account_goes_to_review()
    {
        var summary = await Import.ImportFileAsync(Statement("a.txt",
            new Order("1", 100m, "Перевод собственных средств") { PayerAccount = "40702810538000123456" },
            new Order("2", 100m, "Чужой платёж") { RecipientAccount = "40702810000000000555" }), "treasury");

        Assert.Equal((2, 0, 1, 1), (summary.DocumentsRead, summary.Incoming, summary.Outgoing, summary.ToReview));
        Assert.Equal(1, await CountAsync("bank_documents", "direction = 'own_transfer' and status = 'transfer'"));
        Assert.StartsWith("Neither the payer's nor the recipient's account", Assert.Single(await new ReviewDesk(Db, Clock).ListAsync()).Reason);
        Assert.Equal(0, await CountAsync("payments"));
    }
}
