using BackOffice.Import.Whmcs;
using BackOffice.Tests.Support;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Import.Tests;

/// <summary>Side by side for a month: runs again and again, takes what changed, resumes after a stop, and says what differs.</summary>
public sealed class RerunTests(PostgresCluster cluster, MariaDbServer maria) : WhmcsTest(cluster, maria)
{
    static readonly string[] LedgerTables = ImportedTables.Where(t => t != "whmcs_import_runs").ToArray();

    [Fact]
    public async Task A_second_run_changes_nothing_whether_it_reads_since_the_last_run_or_everything()
    {
        await ImportAsync();
        var before = await SnapshotAsync(LedgerTables);

        var again = await ImportAsync();
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        var everything = await ImportAsync("--since", "01.01.2000");
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        foreach (var run in new[] { again, everything })
            foreach (var kind in run.GetProperty("counts").EnumerateObject())
                Assert.Equal((0, 0), (kind.Value.GetProperty("added").GetInt32(), kind.Value.GetProperty("updated").GetInt32()));
        Assert.True(everything.GetProperty("counts").GetProperty("invoice").GetProperty("unchanged").GetInt32() >= 5);
    }

    [Fact]
    public async Task A_later_run_brings_new_clients_edits_new_invoices_payments_and_ticket_replies()
    {
        await ImportAsync();
        await ChangeWhmcsAsync("""
            SET sql_mode = '';
            INSERT INTO tblclients (id, firstname, lastname, companyname, email, address1, address2, city, state, postcode, country, phonenumber, password,
              currency, defaultgateway, credit, taxexempt, latefeeoveride, overideduenotices, separateinvoices, disableautocc, datecreated, notes, groupid, status, language)
              VALUES (12500, 'Пётр', 'Зайцев', 'ИП Зайцев', 'zaytsev@example.ru', '', '', 'Тверь', '', '', 'RU', '', '', 1, 'banktransfer', 0, '', '', '', '', '', CURDATE(), '', 0, 'Active', '');
            UPDATE tblclients SET companyname = 'ООО «Фабрика Бизнеса Плюс»' WHERE id = 7583;
            INSERT INTO tblinvoices (id, userid, invoicenum, date, duedate, datepaid, subtotal, credit, tax, tax2, total, taxrate, taxrate2, status, paymentmethod, notes)
              VALUES (72562, 7583, '', CURDATE(), CURDATE() + INTERVAL 7 DAY, '0000-00-00', 1200, 0, 0, 0, 1200, 0, 0, 'Unpaid', 'banktransfer', '');
            INSERT INTO tblinvoiceitems (id, invoiceid, userid, type, relid, description, amount, taxed, duedate, paymentmethod, notes)
              VALUES (900011, 72562, 7583, '', 0, 'Работа администратора, 2 часа', 1200, 0, CURDATE(), 'banktransfer', '');
            UPDATE tblinvoices SET status = 'Paid', datepaid = NOW() WHERE id = 72559;
            INSERT INTO tblaccounts (id, userid, currency, gateway, date, description, amountin, fees, amountout, rate, transid, invoiceid, refundid)
              VALUES (40007, 7584, 0, 'banktransfer', NOW(), 'Invoice Payment', 1000, 0, 0, 1, 'п/п 777', 72559, 0);
            INSERT INTO tblticketreplies (id, tid, userid, name, email, date, message, admin, attachment, rating)
              VALUES (8005, 3103, 7584, '', '', NOW(), 'И ещё Петрова, пожалуйста', '', '', 0);
            UPDATE tbltickets SET status = 'Customer-Reply', lastreply = NOW() WHERE id = 3103;
            """);

        var run = await ImportAsync();

        Assert.Equal("ИП Зайцев", await OneAsync<string>("select company_name from clients where id = 12500"));
        Assert.Equal("ООО «Фабрика Бизнеса Плюс»", await OneAsync<string>("select company_name from clients where id = 7583"));
        Assert.Equal((72562L, "unpaid", 1200.00m), await OneAsync<(long, string, decimal)>("select number, status, total from invoices where id = 72562"));
        Assert.Equal(72563, run.GetProperty("nextInvoiceNumber").GetInt64());
        Assert.Equal(("paid", 1900.00m), await OneAsync<(string, decimal)>("select status, amount_paid from invoices where id = 72559"));
        Assert.Equal(1000.00m, await OneAsync<decimal>("select amount from payments where reference = 'п/п 777'"));
        Assert.Equal("И ещё Петрова, пожалуйста", await OneAsync<string>("""
            select m.body_text from ticket_messages m join tickets t on t.id = m.ticket_id where t.number = 630041 order by m.created_at desc limit 1
            """));
        Assert.Equal(1, run.GetProperty("counts").GetProperty("ticket_reply").GetProperty("added").GetInt32());
        // The ledger's own client is untouched.
        Assert.Equal("native@example.ru", await OneAsync<string>("select email from clients where id = 3"));
    }

    [Fact]
    public async Task A_dry_run_reports_what_it_would_take_and_changes_nothing()
    {
        var before = await SnapshotAsync(ImportedTables);
        var dry = await ImportAsync("--dry-run");
        Assert.True(dry.GetProperty("dryRun").GetBoolean());
        Assert.Equal(5, dry.GetProperty("counts").GetProperty("client").GetProperty("added").GetInt32());
        Assert.Contains(Problems(dry), p => p is ("inn_check_digits", true, 7584, _));
        Assert.Equal(before, await SnapshotAsync(ImportedTables));
    }

    /// <summary>
    /// Stopped by cancellation at a chunk boundary (one row per chunk, so every table is cut somewhere), then run again: the ledger
    /// equals one that was imported in one uninterrupted run. (Cancellation between chunks, not a killed process: what a kill leaves
    /// is the same — committed chunks and nothing of the one in flight, which its transaction takes back.)
    /// </summary>
    [Theory]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(27)]
    public async Task An_import_stopped_half_way_and_run_again_equals_one_uninterrupted_run(int stopAfterChunks)
    {
        var options = Options.Create(new WhmcsOptions { ChunkSize = 1 });
        using var stop = new CancellationTokenSource();
        var import = new WhmcsImport(Db, options, TimeProvider.System);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => import.RunAsync(
            new WhmcsImportRequest(Whmcs) { AfterChunk = n => { if (n == stopAfterChunks) stop.Cancel(); } }, stop.Token));
        Assert.True(await CountAsync("whmcs_links") > 0);
        await import.RunAsync(new WhmcsImportRequest(Whmcs));

        var whole = await Cluster.CreateDatabaseAsync();
        try
        {
            await using (var wholeDb = BackOffice.Ledger.Database.Db.CreateDataSource(whole))
            {
                await SeedNativeWorldAsync(wholeDb);
                await new WhmcsImport(wholeDb, options, TimeProvider.System).RunAsync(new WhmcsImportRequest(Whmcs));
                Assert.Equal(await ContentAsync(wholeDb), await ContentAsync(Db));
            }
        }
        finally
        {
            await Cluster.DropDatabaseAsync(whole);
        }
    }

    [Fact]
    public async Task Compare_lists_what_differs_between_whmcs_and_the_ledger_and_changes_nothing()
    {
        await ImportAsync();
        var same = await CompareAsync();
        Assert.Contains("No differences.", same.Out);

        await ChangeWhmcsAsync("""
            UPDATE tblclients SET status = 'Closed' WHERE id = 7584;
            UPDATE tblclients SET credit = 300 WHERE id = 7583;
            UPDATE tblinvoices SET status = 'Paid', datepaid = NOW() WHERE id = 72559;
            INSERT INTO tbltickets (id, tid, did, userid, name, email, cc, c, date, title, message, status, urgency, admin, attachment, lastreply, flag,
              clientunread, adminunread, replyingadmin, replyingtime, service)
              VALUES (3104, '777001', 1, 7583, '', '', '', 'x', NOW(), 'Новый', 'Текст', 'Open', 'Low', '', '', NOW(), 0, 0, '', 0, NOW(), '');
            """);
        var before = await SnapshotAsync(ImportedTables);
        var r = await CompareAsync();
        Assert.Contains("client #7584 status: WHMCS closed, ledger active", r.Out);
        Assert.Contains("client #7583 credit balance: WHMCS 300.00, ledger 250.00", r.Out);
        Assert.Contains("invoice #72559 open in the ledger, not in WHMCS", r.Out);
        Assert.Contains("tickets  ticket count: WHMCS 4, ledger 3", r.Out);
        Assert.Contains("Differences (5):", r.Out);
        Assert.Equal(before, await SnapshotAsync(ImportedTables));
    }

    async Task<CliRun> CompareAsync()
    {
        var r = await Run("import", "whmcs", "--connection", Whmcs, "--compare");
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    // Every row of what the import writes, less what only says when or in which run it was written.
    static readonly (string Table, string[] Except)[] Content =
    [
        ("clients", ["updated_at"]), ("client_contacts", []), ("client_notes", []), ("client_groups", []), ("staff", []), ("departments", []),
        ("invoices", []), ("invoice_lines", []), ("invoice_numbering", []), ("payments", []), ("credit_ledger", ["created_at"]),
        ("tickets", []), ("ticket_messages", []), ("ticket_participants", []), ("whmcs_links", ["run_id"]), ("whmcs_import_problems", ["run_id"]),
        ("product_groups", []), ("products", []), ("product_prices", []), ("config_options", []), ("config_option_prices", []), ("addons", []),
        ("addon_prices", []), ("addon_products", []), ("promo_codes", []), ("orders", []), ("services", ["created_at"]), ("service_options", []),
        ("service_addons", []),
    ];

    static async Task<string> ContentAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var parts = new List<string>();
        foreach (var (table, except) in Content)
        {
            var minus = string.Concat(except.Select(e => $" - '{e}'"));
            parts.Add(table + ":" + await conn.ExecuteScalarAsync<string>(
                $"select coalesce(md5(string_agg((to_jsonb(x){minus})::text, '|' order by (to_jsonb(x){minus})::text)), '-') from {table} x"));
        }
        return string.Join("\n", parts);
    }
}
