using BackOffice.Ledger;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

public sealed record WhmcsImportRequest(string Connection, bool DryRun = false, DateOnly? Since = null)
{
    /// <summary>Test seam: called after each committed chunk with the count so far.</summary>
    public Action<int>? AfterChunk { get; init; }

    /// <summary>Rows read so far, per kind of row.</summary>
    public IProgress<(string Step, int Done, int Total)>? Progress { get; init; }
}

/// <summary>What a run did, and every problem outstanding (this run's and earlier runs' rows still flagged or not taken).</summary>
public sealed record WhmcsImportResult(long RunId, string Source, bool DryRun, DateOnly? Since, IReadOnlyDictionary<string, ImportCount> Counts,
    IReadOnlyList<ImportProblem> Problems, long NextInvoiceNumber);

/// <summary>
/// `backoffice import whmcs`: brings a running WHMCS into the ledger with its ids and numbers, again and again. Everything that
/// can refuse the run (the database unreachable or not WHMCS, a custom field name that does not exist, no organisation, client
/// ids the ledger already uses) refuses it before anything is written.
/// </summary>
public sealed class WhmcsImport(NpgsqlDataSource db, IOptions<WhmcsOptions> options, TimeProvider clock)
{
    public async Task<WhmcsImportResult> RunAsync(WhmcsImportRequest request, CancellationToken ct = default)
    {
        var o = options.Value;
        var source = new WhmcsSource(request.Connection);
        await using var src = await source.OpenAsync(ct);
        await source.CheckIsWhmcsAsync(src, ct);
        var settings = await SettingsAsync(src, ct);
        var fieldIds = await CustomFieldsAsync(src, o, ct);
        var (orgId, method) = await OrganisationAsync(o.Organisation, ct);
        var since = request.Since ?? await LastRunAsync(ct);
        await EnsureIdsFreeAsync("clients", "client", await ListAsync(src, "select id from tblclients", r => Long(r, 0), ct), ct);
        await EnsureIdsFreeAsync("orders", "order", await ListAsync(src, "select id from tblorders", r => Long(r, 0), ct), ct);
        await EnsureIdsFreeAsync("services", "service", await ListAsync(src, "select id from tblhosting", r => Long(r, 0), ct), ct);
        await EnsureIdsFreeAsync("invoices", "invoice", await ListAsync(src, "select id from tblinvoices", r => Long(r, 0), ct), ct);

        var cx = new ImportContext
        {
            OrganisationId = orgId, PaymentMethod = method, Since = since,
            InvoiceNumberFormat = settings.GetValueOrDefault("SequentialInvoiceNumberFormat", "{NUMBER}"),
        };
        foreach (var (k, v) in fieldIds) cx.CustomFieldIds[k] = v;
        foreach (var id in await ListAsync(src, "select id from tblhosting", r => Long(r, 0), ct)) cx.HostingIds.Add(id);

        var chunk = Math.Max(1, o.ChunkSize);
        await using var run = new ImportRun(db, request.DryRun, ct) { AfterChunk = request.AfterChunk, Progress = request.Progress };
        await run.StartAsync(source.Name, since, clock.GetUtcNow().UtcDateTime);
        await DirectoryImport.RunAsync(run, src, cx);
        await ClientImport.RunAsync(run, src, cx, chunk);
        await CatalogueImport.RunAsync(run, src, cx, chunk);
        await ServiceImport.OrdersAsync(run, src, cx, chunk);
        await ServiceImport.ServicesAsync(run, src, cx, chunk);
        await InvoiceImport.RunAsync(run, src, cx, chunk);
        await ServiceImport.LinkOrdersToInvoicesAsync(run, cx);
        await PaymentImport.RunAsync(run, src, cx, chunk);
        await TicketImport.RunAsync(run, src, cx, chunk);

        var problems = await run.ReadAsync(async (c, tx) => (await c.QueryAsync<ImportProblem>(new CommandDefinition(
            "select kind, whmcs_id, problem, taken, detail from whmcs_import_problems order by kind, whmcs_id, problem", transaction: tx, cancellationToken: ct))).ToList());
        var next = await run.ReadAsync((c, tx) => c.ExecuteScalarAsync<long>(new CommandDefinition(
            "select last_number + 1 from invoice_numbering", transaction: tx, cancellationToken: ct)));
        await run.FinishAsync(clock.GetUtcNow().UtcDateTime);
        return new WhmcsImportResult(run.RunId, source.Name, request.DryRun, since, run.Counts, problems, next);
    }

    /// <summary>The configured client fields by name ("key|Display" names match either part); any name missing refuses the run.</summary>
    static async Task<Dictionary<string, long>> CustomFieldsAsync(MySqlConnector.MySqlConnection src, WhmcsOptions o, CancellationToken ct)
    {
        var fields = await ListAsync(src, "select id, type, fieldname from tblcustomfields order by id", r => (Id: Long(r, 0), Type: Text(r, 1), Name: Text(r, 2)), ct);
        var client = fields.Where(f => f.Type == "client").ToList();
        var ids = new Dictionary<string, long>();
        var missing = new List<string>();
        foreach (var (key, name) in o.CustomFields.Named())
        {
            var match = client.FirstOrDefault(f => f.Name.Split('|').Any(part => string.Equals(part.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)));
            if (match.Name is null) missing.Add($"{WhmcsOptions.Section}:CustomFields:{key} = '{name}'");
            else ids[key] = match.Id;
        }
        if (missing.Count > 0)
            throw new WhmcsRefused($"These client custom fields do not exist in WHMCS: {string.Join("; ", missing)}. " +
                                   $"Its client fields are: {(client.Count == 0 ? "none" : string.Join(", ", client.Select(f => $"'{f.Name}'")))}. " +
                                   "Fix the names (an empty name leaves a field out). Nothing was imported.");
        return ids;
    }

    /// <summary>WHMCS ids are kept (clients, orders, services, invoices): a row the ledger made itself under one of them refuses the run before anything is written.</summary>
    async Task EnsureIdsFreeAsync(string table, string kind, List<long> ids, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var native = (await conn.QueryAsync<long>(new CommandDefinition($"""
            select t.id from {table} t where t.id = any(@ids)
              and not exists (select 1 from whmcs_links l where l.kind = @kind and l.local_id = t.id) order by t.id
            """, new { ids = ids.ToArray(), kind }, cancellationToken: ct))).ToList();
        if (native.Count > 0)
            throw new WhmcsRefused($"{char.ToUpperInvariant(table[0])}{table[1..^1]} ids {string.Join(", ", native.Take(10))}{(native.Count > 10 ? ", …" : "")} already belong to " +
                                   $"{table} made in BackOffice, not imported from WHMCS: WHMCS ids are kept, so import into a ledger without them. Nothing was imported.");
    }

    async Task<(int, string)> OrganisationAsync(string code, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var org = await conn.QueryFirstOrDefaultAsync<(int Id, string Method)?>(new CommandDefinition(
            "select id, payment_method from organisations where @code = '' or lower(code) = lower(@code) order by id limit 1", new { code }, cancellationToken: ct));
        return org ?? throw new WhmcsRefused(code.Length > 0
            ? $"There is no organisation '{code}' ({WhmcsOptions.Section}:Organisation): imported invoices need the organisation that issued them. Nothing was imported."
            : "There is no organisation in the ledger: imported invoices need the organisation that issued them. Add it first. Nothing was imported.");
    }

    /// <summary>By default a run reads again what changed since the last finished run (a day earlier: WHMCS times are the server's local time).</summary>
    async Task<DateOnly?> LastRunAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var last = await conn.ExecuteScalarAsync<DateTime?>(new CommandDefinition(
            "select max(started_at) from whmcs_import_runs where finished_at is not null", cancellationToken: ct));
        return last is { } l ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(l, DateTimeKind.Utc), ImportContext.Moscow)).AddDays(-1) : null;
    }
}
