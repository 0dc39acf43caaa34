using System.Diagnostics;
using BackOffice.Import.Whmcs;
using BackOffice.Tests.Support;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BackOffice.Import.Tests;

/// <summary>
/// `backoffice import whmcs` as its own process, killed (SIGKILL) in the middle of a table with a chunk open, then run again: the
/// ledger equals one imported in a single uninterrupted run into a second database. Where it dies is not left to timing: before
/// the run starts the test holds, in a transaction of its own, the link of one row well into the table, so the chunk that
/// writes that row waits on the test's lock after the chunks before it were committed; the test kills the process there.
/// </summary>
public sealed class KilledImportTests(PostgresCluster cluster, MariaDbServer maria) : WhmcsTest(cluster, maria)
{
    // The killed run and the others chunk differently (how rows are chunked changes nothing in the result), so the run after the
    // kill does not meet the chunks it left on their boundaries.
    const int KilledChunk = 7, ChunkSize = 20;

    [Theory]
    // killAt: the row (by WHMCS id order among the bulk rows) whose chunk the kill lands in; the chunks before it are committed.
    [InlineData("invoice", 60, 100)]
    [InlineData("ticket_reply", 120, 30)]
    public async Task An_import_killed_half_way_and_run_again_equals_one_uninterrupted_run(string killAmong, int killAt, int invoices)
    {
        await ChangeWhmcsAsync(Bulk(invoices));
        var whmcsTable = killAmong == "invoice" ? "tblinvoices" : "tblticketreplies";
        var rows = await WhmcsIdsAsync(whmcsTable);
        var bulk = killAmong == "invoice" ? rows.Where(id => id > 100000).ToList() : rows.TakeLast(Replies).ToList();
        Assert.Equal(killAmong == "invoice" ? invoices : Replies, bulk.Count);
        var held = bulk[killAt - 1];
        // Committed before the kill: every chunk before the held row's, so at least its bulk rows (the seed's rows, read first, may be
        // refused and left without a link).
        var committedAtLeast = rows.IndexOf(held) / KilledChunk * KilledChunk - (rows.Count - bulk.Count);

        await using (var holder = await Db.OpenConnectionAsync())
        {
            await using var hold = await holder.BeginTransactionAsync();
            await holder.ExecuteAsync("""
                with r as (insert into whmcs_import_runs (source, started_at) values ('held by the test', now()) returning id)
                insert into whmcs_links (kind, whmcs_id, local_id, row_hash, run_id) select @kind, @held, 0, '\x00', id from r
                """, new { kind = killAmong, held }, hold);
            var holderPid = await holder.ExecuteScalarAsync<int>("select pg_backend_pid()", transaction: hold);

            using var first = StartImport(KilledChunk);
            try
            {
                while (await WaitingOnAsync(holderPid) == 0 && !first.HasExited) await Task.Delay(20);
                if (first.HasExited)
                    Assert.Fail($"the import ended (exit {first.ExitCode}) before it could be killed: {await first.StandardError.ReadToEndAsync()}");
            }
            finally
            {
                if (!first.HasExited) first.Kill();   // SIGKILL: no cleanup runs in the child
                await first.WaitForExitAsync();
            }
            Assert.Equal(0, await CountAsync("whmcs_import_runs", "finished_at is not null"));
            var links = await CountAsync("whmcs_links", $"kind = '{killAmong}'");
            Assert.InRange(links, committedAtLeast, rows.Count - 1);
            await hold.RollbackAsync();
        }

        using (var again = StartImport(ChunkSize))
        {
            var err = again.StandardError.ReadToEndAsync();
            await again.WaitForExitAsync();
            Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {await err}");
        }

        var whole = await Cluster.CreateDatabaseAsync();
        try
        {
            await using var wholeDb = BackOffice.Ledger.Database.Db.CreateDataSource(whole);
            await SeedNativeWorldAsync(wholeDb);
            await new WhmcsImport(wholeDb, Options.Create(new WhmcsOptions { ChunkSize = ChunkSize }), TimeProvider.System)
                .RunAsync(new WhmcsImportRequest(Whmcs));
            var expected = await ContentAsync(wholeDb);
            var actual = await ContentAsync(Db);
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var table in expected.Keys) Assert.True(expected[table] == actual[table], $"{table} differs from the uninterrupted run");
            Assert.Equal(invoices + 5, await CountAsync("invoices", "id > 70000"));   // the seed's 72561 is in dollars, not taken
            Assert.Equal(Replies + 4, await CountAsync("whmcs_links", "kind = 'ticket_reply'"));
        }
        finally
        {
            await Cluster.DropDatabaseAsync(whole);
        }
    }

    /// <summary>How many server processes wait on a lock the given one holds (the killed run's chunk, once it reaches the held row).</summary>
    Task<long> WaitingOnAsync(int holderPid) =>
        OneAsync<long>("select count(*) from pg_stat_activity where @holderPid = any(pg_blocking_pids(pid))", new { holderPid });

    async Task<List<long>> WhmcsIdsAsync(string table)
    {
        await using var conn = new MySqlConnector.MySqlConnection(Whmcs);
        await conn.OpenAsync();
        return (await conn.QueryAsync<long>($"select id from {table} order by id")).ToList();
    }

    Process StartImport(int chunkSize)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "backoffice.dll");
        var psi = new ProcessStartInfo("dotnet", [dll, "--content-root", AppContext.BaseDirectory, "import", "whmcs", "--connection", Whmcs, "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__BackOffice"] = ConnectionString;
        psi.Environment["BackOffice__Import__Whmcs__ChunkSize"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };   // drained so the child never blocks on a full pipe
        p.BeginOutputReadLine();
        return p;
    }

    const int Replies = 200;

    // 40 clients, N paid invoices of 3 lines each with their payments, 50 tickets with 4 replies each, beside the seed's rows.
    static string Bulk(int invoices) => $$"""
        SET sql_mode = '';
        INSERT INTO tblclients (id, firstname, lastname, companyname, email, currency, credit, datecreated, status)
          SELECT 20000 + seq, 'Bulk', CONCAT('Client ', seq), CONCAT('Bulk ', seq), CONCAT('bulk', seq, '@example.ru'), 1, 0, '2020-01-01', 'Active' FROM seq_1_to_40;
        INSERT INTO tblinvoices (id, userid, invoicenum, date, duedate, datepaid, subtotal, credit, tax, tax2, total, taxrate, taxrate2, status, paymentmethod, notes)
          SELECT 100000 + seq, 20001 + seq % 40, '', '2020-02-01' + INTERVAL seq % 300 DAY, '2020-02-08' + INTERVAL seq % 300 DAY,
                 '2020-02-05' + INTERVAL seq % 300 DAY, 300, 0, 0, 0, 300, 0, 0, 'Paid', 'banktransfer', '' FROM seq_1_to_{{invoices}};
        INSERT INTO tblinvoiceitems (invoiceid, userid, type, relid, description, amount, taxed, duedate, paymentmethod, notes)
          SELECT 100000 + (seq + 2) DIV 3, 20001 + ((seq + 2) DIV 3) % 40, '', 0, CONCAT('Work ', seq), 100, 0, '2020-02-08', 'banktransfer', '' FROM seq_1_to_{{invoices * 3}};
        INSERT INTO tblaccounts (userid, currency, gateway, date, description, amountin, fees, amountout, rate, transid, invoiceid, refundid)
          SELECT 20001 + seq % 40, 0, 'banktransfer', '2020-02-05 10:00:00' + INTERVAL seq % 300 DAY, 'Invoice Payment', 300, 0, 0, 1, CONCAT('pp ', seq), 100000 + seq, 0
          FROM seq_1_to_{{invoices}};
        INSERT INTO tbltickets (id, tid, did, userid, name, email, cc, c, date, title, message, status, urgency, admin, attachment, lastreply, flag,
            clientunread, adminunread, replyingadmin, replyingtime, service)
          SELECT 5000 + seq, 700000 + seq, 1, 20001 + seq % 40, '', '', '', 'x', '2020-03-01 10:00:00' + INTERVAL seq MINUTE, CONCAT('Question ', seq),
                 'Please help', 'Closed', 'Low', '', '', '2020-03-05 10:00:00', 0, 0, '', 0, '0000-00-00 00:00:00', '' FROM seq_1_to_50;
        INSERT INTO tblticketreplies (tid, userid, name, email, date, message, admin, attachment, rating)
          SELECT 5000 + (seq + 3) DIV 4, 20001 + ((seq + 3) DIV 4) % 40, '', '', '2020-03-02 10:00:00' + INTERVAL seq MINUTE, CONCAT('Reply ', seq), '', '', 0
          FROM seq_1_to_{{Replies}};
        """;

    /// <summary>
    /// Every row the import writes, by what identifies it rather than by surrogate ids: a killed transaction still used up
    /// identity values, so a payment or a ticket message may carry another id than in the uninterrupted run.
    /// </summary>
    static readonly (string Table, string Row)[] Content =
    [
        ("clients", "to_jsonb(x) - 'updated_at'"), ("client_contacts", "to_jsonb(x)"), ("client_notes", "to_jsonb(x)"), ("client_groups", "to_jsonb(x)"),
        ("staff", "to_jsonb(x)"), ("departments", "to_jsonb(x)"), ("product_groups", "to_jsonb(x)"), ("products", "to_jsonb(x)"),
        ("product_prices", "to_jsonb(x)"), ("config_options", "to_jsonb(x)"), ("config_option_prices", "to_jsonb(x)"), ("addons", "to_jsonb(x)"),
        ("addon_prices", "to_jsonb(x)"), ("addon_products", "to_jsonb(x)"), ("promo_codes", "to_jsonb(x)"), ("orders", "to_jsonb(x)"),
        ("services", "to_jsonb(x) - 'created_at'"), ("service_options", "to_jsonb(x)"), ("service_addons", "to_jsonb(x)"),
        ("invoices", "to_jsonb(x)"), ("invoice_lines", "to_jsonb(x) - 'id'"), ("invoice_numbering", "to_jsonb(x)"),
        ("payments", """
            to_jsonb(x) - 'id' - 'refund_of' || jsonb_build_object(
                'whmcs', (select l.whmcs_id from whmcs_links l where l.kind = 'payment' and l.local_id = x.id),
                'refund_of_whmcs', (select l.whmcs_id from whmcs_links l where l.kind = 'payment' and l.local_id = x.refund_of))
            """),
        ("credit_ledger", "to_jsonb(x) - 'id' - 'created_at'"),
        ("tickets", "to_jsonb(x) - 'id'"),
        ("ticket_messages", "to_jsonb(x) - 'id' - 'ticket_id' || jsonb_build_object('ticket', (select t.number from tickets t where t.id = x.ticket_id))"),
        ("ticket_participants", "to_jsonb(x) - 'id' - 'ticket_id' || jsonb_build_object('ticket', (select t.number from tickets t where t.id = x.ticket_id))"),
        ("whmcs_links", """
            to_jsonb(x) - 'run_id' - 'local_id' || jsonb_build_object('local', case x.kind
                when 'payment' then (select concat_ws('/', p.paid_on, p.amount, p.reference) from payments p where p.id = x.local_id)
                when 'credit' then (select concat_ws('/', c.occurred_on, c.amount, c.reason) from credit_ledger c where c.id = x.local_id)
                when 'credit_adjust' then (select concat_ws('/', c.client_id, c.amount) from credit_ledger c where c.id = x.local_id)
                when 'ticket' then (select t.number::text from tickets t where t.id = x.local_id)
                when 'ticket_post' then (select concat_ws('/', t.number, m.created_at, md5(m.body_text)) from ticket_messages m join tickets t on t.id = m.ticket_id where m.id = x.local_id)
                when 'ticket_reply' then (select concat_ws('/', t.number, m.created_at, md5(m.body_text)) from ticket_messages m join tickets t on t.id = m.ticket_id where m.id = x.local_id)
                when 'ticket_note' then (select concat_ws('/', t.number, m.created_at, md5(m.body_text)) from ticket_messages m join tickets t on t.id = m.ticket_id where m.id = x.local_id)
                else x.local_id::text end)
            """),
        ("whmcs_import_problems", "to_jsonb(x) - 'run_id'"),
    ];

    static async Task<Dictionary<string, string>> ContentAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var content = new Dictionary<string, string>();
        foreach (var (table, row) in Content)
            content[table] = await conn.ExecuteScalarAsync<string>(
                $"select count(*) || ' rows, ' || coalesce(md5(string_agg(r::text, '|' order by r::text)), '-') from (select {row} as r from {table} x) y") ?? "";
        return content;
    }
}
