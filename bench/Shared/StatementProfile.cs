using System.Collections.Concurrent;
using System.Diagnostics;

namespace BackOffice.Bench;

/// <summary>
/// Counts the commands Npgsql sends and the time each kind takes from send to result (its activities), grouped by the
/// statement's first words. Only for the profiling pass: listening costs time of its own.
/// </summary>
sealed class StatementProfile : IDisposable
{
    readonly ActivityListener _listener;
    readonly ConcurrentDictionary<string, (int Count, TimeSpan Time)> _byStatement = new();

    public StatementProfile()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("Npgsql", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<(string Statement, int Count, TimeSpan Time)> Rows =>
        _byStatement.Select(kv => (kv.Key, kv.Value.Count, kv.Value.Time)).OrderByDescending(r => r.Time).ToList();

    void Record(Activity activity)
    {
        var text = activity.TagObjects.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value as string ?? activity.DisplayName;
        var key = Shorten(text);
        _byStatement.AddOrUpdate(key, (1, activity.Duration), (_, v) => (v.Count + 1, v.Time + activity.Duration));
    }

    static string Shorten(string sql)
    {
        var flat = string.Join(' ', sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= 70 ? flat : flat[..70] + "…";
    }

    public void Dispose() => _listener.Dispose();
}
