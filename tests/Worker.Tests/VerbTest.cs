using System.Globalization;
using System.Text.Json;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>Verbs run in-process against a fresh database holding the demo data (a copy of a template the `demo-data` verb loaded), with the table fingerprint that proves a refusal changed nothing.</summary>
public abstract class VerbTest(PostgresCluster cluster) : DatabaseTest(cluster)
{
    protected static readonly string[] LedgerTables =
    [
        "clients", "client_notes", "services", "service_options", "service_history", "service_changes", "orders", "invoices", "invoice_lines",
        "invoice_numbering", "payments", "credit_ledger", "outbox", "bank_documents", "bank_document_payments", "bank_review_queue",
        "bank_unmatches", "payment_claims", "products",
    ];

    protected Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = ConnectionString };

    protected static string Today => DateTime.UtcNow.AddHours(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Each test's database is a copy of one the `demo-data` verb loaded once (see <see cref="DemoTemplate"/>).</summary>
    protected override async Task<string?> TemplateAsync() => await DemoTemplate.NameAsync(Cluster);

    protected Task<CliRun> Run(params string[] args) => CliRun.Of(Config, args);

    protected async Task<JsonElement> JsonOf(params string[] args)
    {
        var r = await Run([.. args, "--json"]);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(r.Out);
        return json.RootElement.Clone();
    }

    protected async Task<CliRun> Ok(params string[] args)
    {
        var r = await Run(args);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    /// <summary>The verb is refused with this exit code and message on one line, and no ledger table changes.</summary>
    protected async Task<CliRun> Refused(int exitCode, string message, params string[] args)
    {
        var before = await SnapshotAsync(LedgerTables);
        var r = await Run(args);
        Assert.True(r.ExitCode == exitCode, r.ToString());
        Assert.Contains(message, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.Equal(before, await SnapshotAsync(LedgerTables));
        return r;
    }

    /// <summary>A published invoice of client 7583 (one manual line), by number.</summary>
    protected async Task<long> PublishedInvoiceAsync(string amount = "1 660,00", string? issue = null, string? due = null)
    {
        var draft = await JsonOf(["invoices", "create", "--client", "7583", "--line", $"Работа администратора={amount}",
            .. issue is null ? Array.Empty<string>() : ["--issue-date", issue], .. due is null ? Array.Empty<string>() : ["--due-date", due]]);
        var id = draft.GetProperty("invoice").GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var published = await JsonOf("invoices", "publish", id);
        return published.GetProperty("invoice").GetProperty("number").GetInt64();
    }
}
