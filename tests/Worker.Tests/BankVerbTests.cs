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
}
