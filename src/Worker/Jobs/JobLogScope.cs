using System.Collections;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// The ids every log line of a run carries. The JSON formatter writes them as properties (it enumerates the pairs); the
/// plain formatter prints ToString, which must read as the ids rather than as a collection's type name.
/// </summary>
sealed class JobLogScope(string job, long runId, string fireId) : IReadOnlyList<KeyValuePair<string, object>>
{
    readonly KeyValuePair<string, object>[] _pairs = [new("Job", job), new("RunId", runId), new("FireId", fireId)];

    public KeyValuePair<string, object> this[int index] => _pairs[index];

    public int Count => _pairs.Length;

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"Job={job} RunId={runId} FireId={fireId}";
}
