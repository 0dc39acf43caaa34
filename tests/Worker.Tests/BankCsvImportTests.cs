using System.Text;
using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>CSV statements through the configured column map (BackOffice:Bank:Csv), end to end through the command line.</summary>
public class BankCsvImportTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] BankTables = ["bank_statements", "bank_documents", "bank_review_queue", "payments", "credit_ledger", "invoices"];
    readonly string _dir = Directory.CreateTempSubdirectory("backoffice-csv-").FullName;

    // xunit v3 calls only DisposeAsync on a class that has both.
    public override async ValueTask DisposeAsync()
    {
        Directory.Delete(_dir, recursive: true);
        await base.DisposeAsync();
    }

    Dictionary<string, string?> Config => new()
    {
        ["ConnectionStrings:BackOffice"] = ConnectionString,
        ["BackOffice:Bank:Csv:Separator"] = ";",
        ["BackOffice:Bank:Csv:EncodingName"] = "utf-8",
        ["BackOffice:Bank:Csv:DecimalSeparator"] = ",",
        ["BackOffice:Bank:Csv:OwnAccount"] = "40702810502080001823",
        ["BackOffice:Bank:Csv:Number"] = "Номер",
        ["BackOffice:Bank:Csv:Date"] = "Дата",
        ["BackOffice:Bank:Csv:Amount"] = "Сумма",
        ["BackOffice:Bank:Csv:PayerName"] = "Плательщик",
        ["BackOffice:Bank:Csv:PayerInn"] = "ИНН плательщика",
        ["BackOffice:Bank:Csv:PayerAccount"] = "Счет плательщика",
        ["BackOffice:Bank:Csv:Purpose"] = "Назначение платежа",
    };

    string Write(string name, params string[] rows)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join("\r\n", rows) + "\r\n", new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task A_csv_statement_is_imported_with_the_configured_map_and_a_mismatched_one_is_refused_storing_nothing()
    {
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var good = Write("statement.csv",
            "Номер;Дата;Сумма;Плательщик;ИНН плательщика;Счет плательщика;Назначение платежа",
            "27;25.02.2019;860,00;ООО \"Тех.промышлен\";7814695160;40702810200470918965;Оплата по счету 88#72815 от 09.02.19",
            "28;25.02.2019;1 200,00;ООО \"Неизвестный\";7707083893;40702810000000000002;Оплата услуг");
        var r = await CliRun.Of(Config, "bank", "import", good, "--json");
        Assert.True(r.ExitCode == 0, r.ToString());
        using (var json = JsonDocument.Parse(r.Out))
        {
            Assert.Equal(2, json.RootElement[0].GetProperty("documentsRead").GetInt32());
            Assert.Equal(2, json.RootElement[0].GetProperty("incoming").GetInt32());
        }
        Assert.Equal(2, await CountAsync("bank_documents"));

        var before = await SnapshotAsync(BankTables);
        var bad = Write("other-bank.csv",
            "N;Date;Sum;Payer;Purpose",
            "29;26.02.2019;100,00;ООО \"Кто-то\";Оплата");
        var refused = await CliRun.Of(Config, "bank", "import", bad);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("has no column", refused.Err);
        Assert.Contains("Номер", refused.Err);
        Assert.Equal(before, await SnapshotAsync(BankTables));
    }

    [Fact]
    public async Task A_csv_file_without_a_configured_map_is_refused_with_the_key_to_set()
    {
        var path = Write("statement.csv", "Номер;Дата;Сумма", "1;01.02.2019;1,00");
        var config = new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = ConnectionString };
        var r = await CliRun.Of(config, "bank", "import", path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("BackOffice:Bank:Csv", r.Err);
        Assert.Equal(0, await CountAsync("bank_documents"));
    }

    [Fact]
    public async Task A_map_without_a_document_number_column_is_refused_at_start_naming_the_key_and_nothing_is_stored()
    {
        var config = Config;
        config.Remove("BackOffice:Bank:Csv:Number");
        config["BackOffice:Bank:Csv:EncodingName"] = "koi9";
        Assert.Equal(0, (await CliRun.Of(Config, "demo-data")).ExitCode);
        var before = await SnapshotAsync(BankTables);
        // two equal payments of one day: without the number column the second would have been dropped as a duplicate
        var path = Write("statement.csv", "Дата;Сумма;Плательщик;ИНН плательщика;Счет плательщика;Назначение платежа",
            "25.02.2019;860,00;ООО \"Тех.промышлен\";7814695160;40702810200470918965;Оплата услуг",
            "25.02.2019;860,00;ООО \"Тех.промышлен\";7814695160;40702810200470918965;Оплата услуг");

        var r = await CliRun.Of(config, "bank", "import", path);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("Configuration error: Configuration value 'BackOffice:Bank:Csv' is invalid: BackOffice:Bank:Csv:Number: map Number", r.Err);
        Assert.Contains("BackOffice:Bank:Csv:EncodingName: EncodingName 'koi9' is not an encoding", r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.Equal(before, await SnapshotAsync(BankTables));
    }
}
