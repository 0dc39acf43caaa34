using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace BackOffice.Import.Whmcs;

/// <summary>One problem with a WHMCS row: imported with the flag (Taken) or left in WHMCS, and why.</summary>
public sealed record ImportProblem(string Kind, long WhmcsId, string Problem, bool Taken, string Detail);

/// <summary>What a row became: its ledger id and the hash of what was read, to tell a changed row from an unchanged one.</summary>
public readonly record struct Link(long LocalId, byte[] Hash);

/// <summary>
/// One import run's writing: chunks, each one transaction holding the rows, their links and their problems, so that a run
/// stopped anywhere leaves whole chunks and the next run carries on. A dry run writes everything in one transaction and
/// rolls it back.
/// </summary>
sealed class ImportRun(NpgsqlDataSource db, bool dryRun, CancellationToken ct) : IAsyncDisposable
{
    NpgsqlConnection? _dryConn;
    NpgsqlTransaction? _dryTx;
    int _chunks;

    public long RunId { get; private set; }
    public bool DryRun => dryRun;
    public CancellationToken Ct => ct;
    public Dictionary<string, ImportCount> Counts { get; } = new(StringComparer.Ordinal);

    /// <summary>Test seam: called after each committed chunk with the number of chunks so far (cancel there to simulate a stop).</summary>
    public Action<int>? AfterChunk { get; set; }

    /// <summary>Rows read so far of each kind (a step each), after each committed chunk and at the end.</summary>
    public IProgress<(string Step, int Done, int Total)>? Progress { get; init; }

    readonly Dictionary<string, int> _reported = new(StringComparer.Ordinal);

    void ReportProgress()
    {
        if (Progress is null) return;
        foreach (var (kind, count) in Counts)
            if (!_reported.TryGetValue(kind, out var read) || read != count.Read)
                Progress.Report((kind, _reported[kind] = count.Read, 0));
    }

    public async Task StartAsync(string source, DateOnly? since, DateTime startedAt)
    {
        if (dryRun)
        {
            _dryConn = await db.OpenConnectionAsync(ct);
            _dryTx = await _dryConn.BeginTransactionAsync(ct);
        }
        await ChunkAsync(async (c, tx) => RunId = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "insert into whmcs_import_runs (source, since, started_at) values (@source, @since, @startedAt) returning id",
            new { source, since, startedAt }, tx, cancellationToken: ct)), countChunk: false);
    }

    public async Task FinishAsync(DateTime finishedAt)
    {
        var counts = System.Text.Json.JsonSerializer.Serialize(Counts);
        await ChunkAsync((c, tx) => c.ExecuteAsync(new CommandDefinition(
            "update whmcs_import_runs set finished_at = @finishedAt, counts = @counts::jsonb where id = @RunId",
            new { finishedAt, counts, RunId }, tx, cancellationToken: ct)), countChunk: false);
        if (_dryTx is not null) await _dryTx.RollbackAsync(ct);
        ReportProgress();
    }

    public async Task ChunkAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, bool countChunk = true)
    {
        ct.ThrowIfCancellationRequested();
        if (_dryTx is not null)
        {
            await work(_dryConn!, _dryTx);
        }
        else
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            await work(conn, tx);
            await tx.CommitAsync(ct);
        }
        if (!countChunk) return;
        AfterChunk?.Invoke(++_chunks);
        ReportProgress();
    }

    /// <summary>A query outside any chunk (reads of what is there); inside the dry run's transaction when dry.</summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> read)
    {
        if (_dryTx is not null) return await read(_dryConn!, _dryTx);
        await using var conn = await db.OpenConnectionAsync(ct);
        return await read(conn, null);
    }

    public Task<Dictionary<long, Link>> LinksAsync(string kind) => ReadAsync(async (c, tx) =>
        (await c.QueryAsync<(long WhmcsId, long LocalId, byte[] Hash)>(new CommandDefinition(
            "select whmcs_id, local_id, row_hash from whmcs_links where kind = @kind", new { kind }, tx, cancellationToken: ct)))
        .ToDictionary(r => r.WhmcsId, r => new Link(r.LocalId, r.Hash)));

    public Task SaveLinksAsync(NpgsqlConnection c, NpgsqlTransaction tx, string kind, IReadOnlyCollection<(long WhmcsId, long LocalId, byte[] Hash)> links)
    {
        if (links.Count == 0) return Task.CompletedTask;
        return c.ExecuteAsync(new CommandDefinition("""
            insert into whmcs_links (kind, whmcs_id, local_id, row_hash, run_id)
            select @kind, w, l, h, @RunId from unnest(@ws, @ls, @hs) as x(w, l, h)
            on conflict (kind, whmcs_id) do update set local_id = excluded.local_id, row_hash = excluded.row_hash, run_id = excluded.run_id
            """, new { kind, RunId, ws = links.Select(l => l.WhmcsId).ToArray(), ls = links.Select(l => l.LocalId).ToArray(),
                hs = links.Select(l => l.Hash).ToArray() }, tx, cancellationToken: ct));
    }

    public Task DeleteLinksAsync(NpgsqlConnection c, NpgsqlTransaction tx, string kind, long[] whmcsIds) =>
        whmcsIds.Length == 0 ? Task.CompletedTask : c.ExecuteAsync(new CommandDefinition(
            "delete from whmcs_links where kind = @kind and whmcs_id = any(@whmcsIds)", new { kind, whmcsIds }, tx, cancellationToken: ct));

    /// <summary>The problems of rows read again, replacing what they had; unchanged problems keep their first run.</summary>
    public async Task SaveProblemsAsync(NpgsqlConnection c, NpgsqlTransaction tx, string kind, IReadOnlyCollection<long> readAgain, IReadOnlyList<ImportProblem> problems)
    {
        if (readAgain.Count > 0)
            await c.ExecuteAsync(new CommandDefinition("""
                delete from whmcs_import_problems p where p.kind = @kind and p.whmcs_id = any(@ids)
                  and not exists (select 1 from unnest(@pids, @pproblems) as n(i, pr) where n.i = p.whmcs_id and n.pr = p.problem)
                """, new { kind, ids = readAgain.ToArray(), pids = problems.Select(p => p.WhmcsId).ToArray(), pproblems = problems.Select(p => p.Problem).ToArray() },
                tx, cancellationToken: ct));
        foreach (var p in problems)
            await c.ExecuteAsync(new CommandDefinition("""
                insert into whmcs_import_problems (kind, whmcs_id, problem, taken, detail, run_id) values (@Kind, @WhmcsId, @Problem, @Taken, @Detail, @runId)
                on conflict (kind, whmcs_id, problem) do update set taken = excluded.taken, detail = excluded.detail
                  where (whmcs_import_problems.taken, whmcs_import_problems.detail) is distinct from (excluded.taken, excluded.detail)
                """, new { p.Kind, p.WhmcsId, p.Problem, p.Taken, p.Detail, runId = RunId }, tx, cancellationToken: ct));
    }

    public ImportCount Count(string kind) => Counts.TryGetValue(kind, out var c) ? c : Counts[kind] = new ImportCount();

    public static byte[] Hash(object row) => MD5.HashData(Encoding.UTF8.GetBytes(row.ToString()!));

    public static bool Same(byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b);

    /// <summary>
    /// Counts a row read exactly as last time as unchanged; queues a new or changed one with its hash and the ledger row it
    /// updates. Returns the row's earlier link, if any.
    /// </summary>
    public static Link? Queue<T>(Dictionary<long, Link> links, long whmcsId, T row, List<(T Row, byte[] Hash, long? Existing)> changed, ImportCount count)
    {
        var hash = Hash(row!);
        if (!links.TryGetValue(whmcsId, out var link))
        {
            changed.Add((row, hash, null));
            return null;
        }
        if (Same(link.Hash, hash)) count.Unchanged++;
        else changed.Add((row, hash, link.LocalId));
        return link;
    }

    public async ValueTask DisposeAsync()
    {
        if (_dryTx is not null) await _dryTx.DisposeAsync();
        if (_dryConn is not null) await _dryConn.DisposeAsync();
    }
}

/// <summary>Per kind of row: read from WHMCS, added to the ledger, updated, unchanged, not taken.</summary>
public sealed class ImportCount
{
    public int Read { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int NotTaken { get; set; }
}
