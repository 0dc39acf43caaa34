using System.Globalization;
using System.Text.Json;
using BackOffice.Ledger.Billing;
using BackOffice.Tests.Support;
using ClosedXML.Excel;

namespace BackOffice.Worker.Tests;

public sealed class ReportVerbTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] Ledger = ["clients", "invoices", "payments", "credit_ledger", "outgoing_mail", "staff"];
    readonly string _folder = Directory.CreateTempSubdirectory("report-verbs-").FullName;

    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    // The verbs run on the real clock: dates are relative to today in Moscow.
    static DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow")).DateTime);

    protected override async Task<string?> TemplateAsync() => await DemoTemplate.NameAsync(Cluster);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var books = new InvoiceBook(Db, TimeProvider.System);
        var draft = await books.CreateDraftAsync(new DraftInvoice(7583, "Безналичный платеж", Today.AddDays(-40), Today.AddDays(-30),
            [new InvoiceLine(LineKind.Manual, "Доступ на пользователя \"Стандарт\"", 4_800m)]));
        await books.PublishAsync(draft.Invoice.Id);
    }

    public override async ValueTask DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task The_list_names_every_report_without_a_database()
    {
        var run = await CliRun.Of(new Dictionary<string, string?>(), "report", "--list", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal(["debtors", "clients", "invoices", "renewals", "new-clients", "no-manager", "treasury", "paid-no-sales", "support-month"],
            json.RootElement.EnumerateArray().Select(r => r.GetProperty("name").GetString()));
        var text = await CliRun.Of(new Dictionary<string, string?>(), "report", "--list");
        Assert.Contains("--days (30)", text.Out);
        Assert.Contains("Должники", text.Out);
    }

    [Fact]
    public async Task A_manager_s_debtors_workbook_and_its_CSV_from_the_command_line()
    {
        var path = Path.Combine(_folder, "должники.xlsx");
        var run = await CliRun.Of(Config, "report", "debtors", "--manager", "ekamyshina", "--out", path);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"Должники на {Today:dd.MM.yyyy}: 1 row(s), 2 sheet(s) → {path}", run.Out);
        using (var book = new XLWorkbook(path))
        {
            Assert.Equal(["Сводка", "Камышина Екатерина"], book.Worksheets.Select(w => w.Name));
            var row = book.Worksheet(2).Row(3);
            Assert.Equal((7583d, 30d, 4_800d, "1–30"), (row.Cell(2).GetDouble(), row.Cell(9).GetDouble(), row.Cell(12).GetDouble(), row.Cell(13).GetString()));
        }

        var csv = Path.Combine(_folder, "debtors.csv");
        var json = await CliRun.Of(Config, "report", "debtors", "--as-of", Today.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture), "--out", csv, "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var written = JsonDocument.Parse(json.Out);
        Assert.Equal(("csv", 1), (written.RootElement.GetProperty("format").GetString(), written.RootElement.GetProperty("rows").GetInt32()));
        Assert.Equal(2, (await File.ReadAllLinesAsync(csv)).Length);
    }

    [Theory]
    [InlineData("--month: '2019-13' is not a month; write it as 2026-12 or 12.2026.", "report", "invoices", "--month", "2019-13", "--out", "{out}")]
    [InlineData("--manager: there is no manager '99'", "report", "debtors", "--manager", "99", "--out", "{out}")]
    [InlineData("is in the future", "report", "debtors", "--as-of", "{tomorrow}", "--out", "{out}")]
    [InlineData("does not exist", "report", "debtors", "--out", "{missing}")]
    [InlineData("There is no report 'debtorz'", "report", "debtorz", "--out", "{out}")]
    [InlineData("--out: name the file to write", "report", "debtors")]
    [InlineData("--out and --mail exclude each other", "report", "debtors", "--mail", "--out", "{out}")]
    [InlineData("--as-of: '2026-02-30' is not a date", "report", "debtors", "--as-of", "2026-02-30", "--out", "{out}")]
    public async Task Bad_arguments_are_refused_with_exit_2_and_nothing_written(string error, params string[] args)
    {
        var before = await SnapshotAsync(Ledger);
        var filled = args.Select(a => a
            .Replace("{out}", Path.Combine(_folder, "r.xlsx"))
            .Replace("{missing}", Path.Combine(_folder, "нет", "r.xlsx"))
            .Replace("{tomorrow}", Today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).ToArray();
        var run = await CliRun.Of(Config, filled);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains(error, run.Err);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        Assert.Equal(before, await SnapshotAsync(Ledger));
    }

    [Fact]
    public async Task A_mail_schedule_that_is_not_a_cron_stops_the_start_naming_the_key()
    {
        var config = Config;
        config["BackOffice:Jobs:manager-reports:Cron"] = "every monday";
        foreach (var args in new[] { new[] { "run" }, ["report", "debtors", "--out", Path.Combine(_folder, "r.xlsx")] })
        {
            var r = await CliRun.Of(config, args);
            Assert.True(r.ExitCode == 1, r.ToString());
            Assert.Contains("BackOffice:Jobs:manager-reports:Cron 'every monday' is not a Quartz cron expression", r.Err);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Mail_queues_each_manager_s_workbook_once()
    {
        var first = await CliRun.Of(Config, "report", "debtors", "--mail");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("1 workbook(s) queued", first.Out);
        Assert.Equal(1, await CountAsync("outgoing_mail", $"to_address = 'ekamyshina@bit-live.example' and subject = 'Должники на {Today:dd.MM.yyyy} — Камышина Екатерина'"));
        var again = await CliRun.Of(Config, "report", "debtors", "--mail", "--json");
        using var json = JsonDocument.Parse(again.Out);
        Assert.Equal((0, 1), (json.RootElement.GetProperty("queued").GetInt32(), json.RootElement.GetProperty("alreadyQueued").GetInt32()));
        Assert.Equal(1, await CountAsync("outgoing_mail"));
    }
}
