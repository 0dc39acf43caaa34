using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

public class BankVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] BankTables = ["bank_statements", "bank_documents", "bank_review_queue", "payments", "credit_ledger", "invoices"];

    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    static string Sample(string name) => SampleFiles.Sample("bank", name);

    [Fact]
    public async Task Parse_prints_documents_and_balance_checks_as_json_without_a_database()
    {
        var noDb = new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=none;Username=x;Timeout=2" };
        var r = await CliRun.Of(noDb, "bank", "parse", Sample("kilylabs__client-bank-exchange-php__one_day.txt"), "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(13, json.RootElement.GetProperty("documents").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("balances").GetArrayLength() >= 1);
    }

    [Fact]
    public async Task Parse_of_exporter_output_without_document_kind_is_refused_naming_the_line()
    {
        var r = await CliRun.Of(Config, "bank", "parse", Sample("dronm__clbnk__to_bank.txt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line", r.Err);
    }

    [Fact]
    public async Task Import_twice_counts_duplicates_and_a_rejected_file_stores_nothing()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var good = Sample("kilylabs__client-bank-exchange-php__one_day.txt");
        var add = await CliRun.Of(Config, "org", "account", "add", "LIVE", "--account", "40702810200000000001", "--bik", "044525716", "--bank", "ВТБ 24 (ПАО)");
        Assert.True(add.ExitCode == 0, add.ToString());
        var first = await CliRun.Of(Config, "bank", "import", good, "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        using (var json = JsonDocument.Parse(first.Out))
            Assert.Equal(13, json.RootElement[0].GetProperty("documentsRead").GetInt32());
        var stored = await CountAsync("bank_documents");
        Assert.True(stored > 0);

        var second = await CliRun.Of(Config, "bank", "import", good, "--json");
        using (var json = JsonDocument.Parse(second.Out))
            Assert.Equal(13, json.RootElement[0].GetProperty("duplicates").GetInt32());
        Assert.Equal(stored, await CountAsync("bank_documents"));

        var before = await SnapshotAsync(BankTables);
        var bad = await CliRun.Of(Config, "bank", "import", Sample("dronm__clbnk__to_bank.txt"));
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("dronm__clbnk__to_bank.txt", bad.Err);
        Assert.Equal(before, await SnapshotAsync(BankTables));

        var queue = await CliRun.Of(Config, "bank", "queue", "--json");
        Assert.True(queue.ExitCode == 0, queue.ToString());
        using var items = JsonDocument.Parse(queue.Out);
        Assert.Equal(await CountAsync("bank_review_queue", "resolved_at is null"), items.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_statement_for_an_account_no_organisation_holds_is_refused_naming_it_until_treasury_adds_it()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var good = Sample("kilylabs__client-bank-exchange-php__one_day.txt");
        var before = await SnapshotAsync([.. BankTables, "organisation_bank_accounts"]);

        var refused = await CliRun.Of(Config, "bank", "import", good);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("Rejected kilylabs__client-bank-exchange-php__one_day.txt: key РасчСчет: the statement is for account 40702810200000000001, " +
            "which none of our organisations holds: if it is ours, add it with `backoffice org account add ORG --account 40702810200000000001 " +
            "--bik BIK --bank \"BANK\"` and import the file again (nothing of it was stored)", refused.Err.Trim());
        Assert.Equal(before, await SnapshotAsync([.. BankTables, "organisation_bank_accounts"]));

        var wrong = new[]
        {
            (new[] { "NOSUCH", "--account", "40702810200000000001", "--bik", "044525716", "--bank", "ВТБ" }, 1, "Refused: There is no organisation 'NOSUCH' (give its code or id; see `org list`)."),
            (new[] { "LIVE", "--account", "4070281020000000000", "--bik", "044525716", "--bank", "ВТБ" }, 2, "Refused: A settlement account is 20 digits, not '4070281020000000000'."),
            (new[] { "LIVE", "--account", "40702810200000000001", "--bik", "04452571", "--bank", "ВТБ" }, 2, "Refused: A БИК is 9 digits, not '04452571'."),
            (new[] { "FORMULA", "--account", "40702810502080001823", "--bik", "044525593", "--bank", "Альфа" }, 1, "Refused: Account 40702810502080001823 is held already by organisation LIVE."),
        };
        foreach (var (args, code, message) in wrong)
        {
            var r = await CliRun.Of(Config, ["org", "account", "add", .. args]);
            Assert.Equal((code, message), (r.ExitCode, r.Err.Trim()));
        }
        Assert.Equal(before, await SnapshotAsync([.. BankTables, "organisation_bank_accounts"]));

        var add = await CliRun.Of(Config, "org", "account", "add", "2", "--account", "40702810200000000001", "--bik", "044525716", "--bank", "ВТБ 24 (ПАО)", "--json");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Equal(1, await CountAsync("organisation_bank_accounts", "organisation_id = 2 and account = '40702810200000000001' and bic = '044525716'"));
        var imported = await CliRun.Of(Config, "bank", "import", good);
        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Equal(13, await CountAsync("bank_documents"));
    }

    [Theory]
    [InlineData("1660,00")]
    [InlineData("1 660,00")]
    [InlineData("1\u00a0660,00")]
    public async Task A_claim_amount_with_a_decimal_comma_is_read_as_a_russian_accountant_means_it(string typed)
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);

        var r = await CliRun.Of(Config, "bank", "claim", "add", "--inn", "7708305901", "--number", "415", "--date", "11.02.2019",
            "--amount", typed, "--manager", "1", "--json");

        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        Assert.Equal(1660.00m, json.RootElement.GetProperty("amount").GetDecimal());
        Assert.Equal(1, await CountAsync("payment_claims", "amount = 1660.00 and inn = '7708305901' and number_key = '415'"));
    }

    [Theory]
    [InlineData("7708305902", "1", 2, "Refused: ИНН '7708305902' fails the check of digit 10: it should be 1, it is 2.")]
    [InlineData("7708305901", "90", 2, "Refused: Staff member #90 (Безпочтов Иван) has no email, so the notice that the payment arrived could not reach them: give them an email first, or name another manager.")]
    [InlineData("7708305901", "2", 1, "Refused: This payment is claimed already: claim #1 (by desk) for п/п № 415 от 11.02.2019, ИНН 7708305901, 1660.00.")]
    public async Task A_wrong_claim_is_refused_by_the_verb_and_nothing_changes(string inn, string manager, int exit, string error)
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        await using (var conn = await Db.OpenConnectionAsync())
        await using (var cmd = new Npgsql.NpgsqlCommand("insert into staff (id, login, full_name, email) values (90, 'noemail', 'Безпочтов Иван', null)", conn))
            await cmd.ExecuteNonQueryAsync();
        var claim = new[] { "bank", "claim", "add", "--number", "415", "--date", "11.02.2019", "--amount", "1 660,00", "--by", "desk" };
        Assert.Equal(0, (await CliRun.Of(Config, [.. claim, "--inn", "7708305901", "--manager", "1"])).ExitCode);
        var before = await SnapshotAsync([.. BankTables, "payment_claims", "outgoing_mail"]);

        var r = await CliRun.Of(Config, [.. claim, "--inn", inn, "--manager", manager]);

        Assert.Equal((exit, error), (r.ExitCode, r.Err.Trim()));
        Assert.Equal(before, await SnapshotAsync([.. BankTables, "payment_claims", "outgoing_mail"]));
    }

    [Fact]
    public async Task Parse_streams_the_same_report_the_library_builds_in_both_forms()
    {
        var noDb = new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = "Host=127.0.0.1;Port=1;Database=none;Username=x;Timeout=2" };
        var path = Sample("OCA__bank-statement-import__1cCBE_exaple.txt");
        var expected = BackOffice.Sync.Bank.StatementReport.From(BackOffice.Sync.Bank.StatementParser.ParseFile(path));

        var json = await CliRun.Of(noDb, "bank", "parse", path, "--json");
        var table = await CliRun.Of(noDb, "bank", "parse", path);

        Assert.True(json.ExitCode == 0, json.ToString());
        using var doc = JsonDocument.Parse(json.Out);
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var streamed = doc.RootElement.Deserialize<BackOffice.Sync.Bank.StatementReport>(options)!;
        Assert.Equal(JsonSerializer.Serialize(expected, options), JsonSerializer.Serialize(streamed, options));
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.EndsWith($"{expected.DocumentCount} document(s)", table.Out.Trim());
        foreach (var d in expected.Documents)
            Assert.Contains(d.Purpose, table.Out);
        Assert.Contains($"Account {expected.Balances[0].Account}: in", table.Out);
    }

    [Fact]
    public async Task A_folder_or_an_unreadable_path_where_a_file_is_expected_is_a_one_line_error_and_nothing_changes()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var folder = Directory.CreateTempSubdirectory("bank-verb-").FullName;
        try
        {
            var file = Path.Combine(folder, "a.txt");
            await File.WriteAllTextAsync(file, "1CClientBankExchange");
            var throughAFile = Path.Combine(file, "statement.txt"); // a file is not a folder: ENOTDIR
            var before = await SnapshotAsync(BankTables);
            var cases = new (string[] Args, int Exit, string Error)[]
            {
                (["bank", "parse", folder], 2, $"Refused: {folder} is a folder, not a statement file (for a folder of statements use `bank inbox`)."),
                (["bank", "parse", throughAFile], 1, $"Refused: There is no file {throughAFile}."),
                (["bank", "parse", "/proc/self/mem"], 2, "Refused: /proc/self/mem cannot be read: "),
                (["bank", "import", folder], 1, $"Rejected {Path.GetFileName(folder)}: {folder} is a folder, not a statement file (for a folder of statements use `bank inbox`)."),
                (["bank", "import", throughAFile], 1, $"Rejected statement.txt: There is no file {throughAFile}."),
                (["bank", "import", "/proc/self/mem"], 1, "Rejected mem: it cannot be read: "),
                (["bank", "inbox", file], 1, $"Refused: There is no folder {file}."),
            };
            foreach (var (args, exit, error) in cases)
            {
                var r = await CliRun.Of(Config, args);
                Assert.True(r.ExitCode == exit, $"{string.Join(' ', args)}: {r}");
                Assert.StartsWith(error, r.Err);
                Assert.Single(r.Err.Trim().Split('\n'));
                Assert.DoesNotContain("   at ", r.Err);
            }
            Assert.Equal(before, await SnapshotAsync(BankTables));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Match_takes_third_party_only_with_invoices()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var before = await SnapshotAsync(BankTables);

        var withCredit = await CliRun.Of(Config, "bank", "match", "1", "--to-credit", "7583", "--third-party");
        var noDocument = await CliRun.Of(Config, "bank", "match", "999", "--invoice", "72001", "--third-party");

        Assert.Equal((2, "Refused: --third-party goes with --invoice: it says the payer pays another client's invoice."),
            (withCredit.ExitCode, withCredit.Err.Trim()));
        Assert.Equal((1, "Refused: There is no bank document #999."), (noDocument.ExitCode, noDocument.Err.Trim()));
        Assert.Equal(before, await SnapshotAsync(BankTables));
    }
}
