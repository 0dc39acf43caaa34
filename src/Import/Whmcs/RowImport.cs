using Dapper;
using Npgsql;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// The one loop of every table: per chunk, rows refused with a reason, rows unchanged since the last run left alone (same hash),
/// the others written with their link and problems in one transaction.
/// </summary>
static class RowImport
{
    public delegate Task<long> Writer<in T>(NpgsqlConnection c, NpgsqlTransaction tx, T row, long? existing, List<ImportProblem> problems);

    public static async Task RunAsync<T>(ImportRun run, string kind, IReadOnlyList<T> rows, Func<T, long> id, int chunkSize,
        Func<T, (string Problem, string Detail)?> refuse, Writer<T> write, Action<T, long>? taken = null, string? afterChunkSql = null) where T : notnull
    {
        var links = await run.LinksAsync(kind);
        var count = run.Count(kind);
        foreach (var chunk in rows.Chunk(chunkSize))
        {
            var changed = new List<(T Row, byte[] Hash, long? Existing)>();
            var problems = new List<ImportProblem>();
            foreach (var row in chunk)
            {
                count.Read++;
                if (refuse(row) is { } r)
                {
                    count.NotTaken++;
                    problems.Add(new ImportProblem(kind, id(row), r.Problem, false, $"{kind} #{id(row)}: {r.Detail}"));
                    continue;
                }
                if (ImportRun.Queue(links, id(row), row, changed, count) is { } link) taken?.Invoke(row, link.LocalId);
            }
            if (changed.Count == 0 && problems.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var saved = new List<(long, long, byte[])>();
                foreach (var (row, hash, existing) in changed)
                {
                    var local = await write(c, tx, row, existing, problems);
                    if (local == 0) { count.NotTaken++; continue; }   // refused while writing (a problem says why)
                    taken?.Invoke(row, local);
                    saved.Add((id(row), local, hash));
                    if (existing is null) count.Added++; else count.Updated++;
                }
                await run.SaveLinksAsync(c, tx, kind, saved);
                await run.SaveProblemsAsync(c, tx, kind, [.. changed.Select(x => id(x.Row)), .. problems.Select(p => p.WhmcsId)], problems);
                if (afterChunkSql is not null) await c.ExecuteAsync(new CommandDefinition(afterChunkSql, transaction: tx, cancellationToken: run.Ct));
            });
        }
    }
}
