using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// The treasury verbs that record payments, run with --dry-run: the whole work (matching, payments, credit, claims) is done and
/// rolled back, so no table and no inbox file changes, and what the dry run prints is what the real run then does.
/// </summary>
public class BankDryRunVerbTests(PostgresCluster cluster) : VerbTest(cluster), IDisposable
{
    static readonly string[] Tables = [.. LedgerTables, "bank_statements", "outgoing_mail"];
    readonly string folder = Directory.CreateTempSubdirectory("bank-dry-run-").FullName;

    public void Dispose()
    {
        Directory.Delete(folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every file and folder under the folder with its content's hash: equal means no file was moved, written or made.</summary>
    static string FolderPrint(string root) =>
        string.Join("\n", Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(root, p) + (File.Exists(p) ? " " + Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "/")));

    /// <summary>Runs the verb with --dry-run --json, then for real; each outcome with the named fields blanked and dryRun dropped.</summary>
    async Task<(JsonNode Rehearsed, JsonNode Done)> RehearseThenRunAsync(string[] blanked, params string[] args)
    {
        var before = await SnapshotAsync(Tables);
        var files = FolderPrint(folder);
        var rehearsed = await JsonOf([.. args, "--dry-run"]);
        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.Equal(files, FolderPrint(folder));
        Assert.All(Outcomes(rehearsed), o => Assert.True(o.GetProperty("dryRun").GetBoolean()));

        var done = await JsonOf(args);
        Assert.All(Outcomes(done), o => Assert.False(o.GetProperty("dryRun").GetBoolean()));
        Assert.NotEqual(before, await SnapshotAsync(Tables));
        var runs = (DryRunVerbTests.Blank(rehearsed, blanked), DryRunVerbTests.Blank(done, blanked));
        Assert.Equal(runs.Item2.ToJsonString(), runs.Item1.ToJsonString());
        return runs;
    }

    static IEnumerable<JsonElement> Outcomes(JsonElement json) => json.ValueKind == JsonValueKind.Array ? json.EnumerateArray().ToList() : [json];

    [Fact]
    public async Task Import_rehearsed_matches_and_pays_the_invoice_as_the_real_import_then_does()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        var over = await PublishedInvoiceAsync("500,00");
        var file = BankStatementFile.Write(folder, "a.txt", "601", 1660m, $"Оплата по счету № {number} от 01.12.2026 за услуги. Без НДС");
        var second = BankStatementFile.Write(folder, "b.txt", "602", 700m, $"Оплата по счету № {over}");

        var text = await Ok("bank", "import", file, second, "--dry-run");
        Assert.Contains("a.txt: 1 read, 1 incoming, 1 matched", text.Out);
        Assert.Contains("(dry run: nothing was changed)", text.Out);

        var runs = await RehearseThenRunAsync(["statementId"], "bank", "import", file, second);
        Assert.Equal(2, runs.Done.AsArray().Count);
        Assert.Equal(1, runs.Done[0]!["matched"]!.GetValue<int>());
        Assert.Equal(1, runs.Done[1]!["toCredit"]!.GetValue<int>());  // paid over the invoice: the rest goes to credit
        Assert.Equal("paid", (await JsonOf("invoices", "show", S(number))).GetProperty("invoice").GetProperty("status").GetString());
        Assert.Equal(200m, (await JsonOf("credit", "show", "7583")).GetProperty("balance").GetDecimal());

        // The same file again: the dry run says it would be recorded as seen again, and records nothing.
        var again = await RehearseThenRunAsync([], "bank", "import", file);
        Assert.True(again.Done[0]!["seenAgain"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Inbox_rehearsed_moves_no_file_and_reports_what_the_real_run_does()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        var good = BankStatementFile.Write(folder, "a.txt", "611", 1660m, $"Оплата по счету № {number}");
        var bad = Path.Combine(folder, "b.txt");
        await File.WriteAllTextAsync(bad, "это не выписка\n");
        foreach (var f in new[] { good, bad })
            File.SetLastWriteTimeUtc(f, DateTime.UtcNow.AddMinutes(-1));

        var text = await Run("bank", "inbox", folder, "--dry-run");
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("a.txt: 1 read, 1 matched, 0 to review, 0 duplicates → would go to processed/  (dry run: nothing was changed)", text.Out);
        Assert.Contains("→ would go to rejected/", text.Out);
        Assert.False(Directory.Exists(Path.Combine(folder, "processed")));

        var before = await SnapshotAsync(Tables);
        var files = FolderPrint(folder);
        var rehearsed = await Run("bank", "inbox", folder, "--dry-run", "--json");
        Assert.Equal(before, await SnapshotAsync(Tables));
        Assert.Equal(files, FolderPrint(folder));

        var done = await Run("bank", "inbox", folder, "--json");
        Assert.Equal((1, 1), (rehearsed.ExitCode, done.ExitCode));
        Assert.NotEqual(before, await SnapshotAsync(Tables));
        using var r = JsonDocument.Parse(rehearsed.Out);
        using var d = JsonDocument.Parse(done.Out);
        Assert.All(r.RootElement.EnumerateArray(), o => Assert.True(o.GetProperty("dryRun").GetBoolean()));
        Assert.Equal(DryRunVerbTests.Blank(d.RootElement, ["statementId"]).ToJsonString(), DryRunVerbTests.Blank(r.RootElement, ["statementId"]).ToJsonString());
        Assert.Equal(1, d.RootElement[0].GetProperty("summary").GetProperty("matched").GetInt32());
        Assert.NotNull(d.RootElement[1].GetProperty("error").GetString());
        Assert.True(File.Exists(Path.Combine(folder, "processed", "a.txt")));
        Assert.True(File.Exists(Path.Combine(folder, "rejected", "b.txt.error.txt")));
        Assert.False(File.Exists(good));
    }

    /// <summary>A document of client #7583 paying invoice № NUMBER, put back in the review queue by `bank unmatch`.</summary>
    async Task<(long Number, long Document)> QueuedPaymentAsync()
    {
        var number = await PublishedInvoiceAsync("1 660,00");
        await Ok("bank", "import", BankStatementFile.Write(folder, "q.txt", "621", 1660m, $"Оплата по счету № {number}"));
        var doc = (await JsonOf("bank", "payments", "--status", "matched"))[0].GetProperty("id").GetInt64();
        await Ok("bank", "unmatch", S(doc), "--reason", "проверить");
        return (number, doc);
    }

    [Fact]
    public async Task Match_rehearsed_onto_an_invoice_credit_or_ignored_changes_nothing_and_prints_what_the_real_match_does()
    {
        var (number, doc) = await QueuedPaymentAsync();

        var text = await Ok("bank", "match", S(doc), "--to-credit", "4314", "--dry-run");
        Assert.Equal($"Bank document #{doc}: would be credit  (dry run: nothing was changed)", text.Out.Trim());
        var before = await SnapshotAsync(Tables);
        Assert.Equal("ignored", (await JsonOf("bank", "match", S(doc), "--ignore", "тест", "--dry-run")).GetProperty("status").GetString());
        Assert.Equal(before, await SnapshotAsync(Tables));

        var runs = await RehearseThenRunAsync([], "bank", "match", S(doc), "--invoice", S(number));
        Assert.Equal("matched", runs.Done["status"]!.GetValue<string>());
        Assert.Equal("paid", (await JsonOf("invoices", "show", S(number))).GetProperty("invoice").GetProperty("status").GetString());
        await Refused(1, "resolved already", "bank", "match", S(doc), "--to-credit", "4314", "--dry-run");
    }

    /// <summary>Issue 8: `bank match DOC --invoice N` onto another client's invoice needs --third-party, and records it.</summary>
    [Fact]
    public async Task Match_onto_another_clients_invoice_is_refused_without_third_party_and_recorded_as_one_with_it()
    {
        var (_, doc) = await QueuedPaymentAsync(); // client #7583 pays
        var draft = await JsonOf("invoices", "create", "--client", "4314", "--line", "Работа администратора=1 660,00");
        var theirs = (await JsonOf("invoices", "publish", S(draft.GetProperty("invoice").GetProperty("id").GetInt64())))
            .GetProperty("invoice").GetProperty("number").GetInt64();

        var refused = await Refused(1, $"Invoice № {theirs} is client #4314's", "bank", "match", S(doc), "--invoice", S(theirs));
        Assert.Contains("match it again with --third-party", refused.Err);

        var done = await JsonOf("bank", "match", S(doc), "--invoice", S(theirs), "--third-party");
        Assert.Equal("matched", done.GetProperty("status").GetString());
        var invoice = (await JsonOf("invoices", "show", S(theirs))).GetProperty("invoice");
        Assert.Equal(("paid", 4314), (invoice.GetProperty("status").GetString(), invoice.GetProperty("clientId").GetInt32()));
        Assert.Equal(1, await CountAsync("bank_documents", $"id = {doc} and third_party and client_id = 4314"));
    }

    [Fact]
    public async Task Claim_cancel_rehearsed_leaves_the_claim_open_and_prints_what_the_real_cancel_does()
    {
        var claim = await JsonOf("bank", "claim", "add", "--inn", "7708305901", "--number", "779", "--date", "01.12.2026", "--amount", "2 500,00",
            "--manager", "1");
        var id = S(claim.GetProperty("id").GetInt64());

        Assert.Contains("would be cancelled: клиент перепутал", (await Ok("bank", "claim", "cancel", id, "--reason", "клиент перепутал", "--dry-run")).Out);
        var runs = await RehearseThenRunAsync(["cancelledAt"], "bank", "claim", "cancel", id, "--reason", "клиент перепутал");
        Assert.Equal("cancelled", runs.Done["status"]!.GetValue<string>());
        Assert.Equal("cancelled", (await JsonOf("bank", "claims", "--status", "cancelled"))[0].GetProperty("status").GetString());
    }
}
