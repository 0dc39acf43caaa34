using System.Diagnostics;
using System.Diagnostics.Metrics;
using BackOffice.Sync.Accounting;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// The service's own meter, "BackOffice" (exported on /metrics beside Npgsql's and HttpClient's; the 1C calls' latency and
/// errors are HttpClient's http.client.request.duration for the 1C host). Queue depths are read by the health check.
/// </summary>
public sealed class WorkerMetrics : IDisposable
{
    public const string MeterName = "BackOffice";
    readonly Meter _meter = new(MeterName);
    readonly Counter<long> _jobRuns, _onec, _mailTaken, _mailSent, _statements;
    readonly Histogram<double> _jobSeconds;
    volatile IReadOnlyDictionary<string, long> _queues = new Dictionary<string, long>();

    public WorkerMetrics()
    {
        _jobRuns = _meter.CreateCounter<long>("backoffice.jobs.runs", description: "Job runs, by job and outcome (ok, failed)");
        _jobSeconds = _meter.CreateHistogram<double>("backoffice.jobs.duration", "s", "How long each job run took");
        _onec = _meter.CreateCounter<long>("backoffice.onec.items", description: "Outbox items relayed to 1C, by result");
        _mailTaken = _meter.CreateCounter<long>("backoffice.mail.taken", description: "Messages taken from the support mailbox");
        _mailSent = _meter.CreateCounter<long>("backoffice.mail.sent", description: "Outgoing mail, by result (sent, failed)");
        _statements = _meter.CreateCounter<long>("backoffice.statements.files", description: "Bank statement files from the inbox, by result (imported, rejected)");
        _meter.CreateObservableGauge("backoffice.queue.depth", () =>
            _queues.Select(q => new Measurement<long>(q.Value, new KeyValuePair<string, object?>("queue", q.Key))), description: "Items waiting, by queue");
    }

    public void JobRan(string job, bool failed, TimeSpan took)
    {
        var tags = new TagList { { "job", job }, { "outcome", failed ? "failed" : "ok" } };
        _jobRuns.Add(1, tags);
        _jobSeconds.Record(took.TotalSeconds, new KeyValuePair<string, object?>("job", job));
    }

    public void OneCItems(RelayReport r)
    {
        foreach (var (result, n) in new[] { ("created", r.Created), ("adopted", r.Adopted), ("updated", r.Updated), ("unchanged", r.Unchanged),
                     ("waiting", r.Waiting), ("failed", r.Failed), ("gave_up", r.GaveUp) })
            if (n > 0) _onec.Add(n, new KeyValuePair<string, object?>("result", result));
    }

    public void MailTaken(int n) => _mailTaken.Add(n);

    public void MailSent(int sent, int failed)
    {
        if (sent > 0) _mailSent.Add(sent, new KeyValuePair<string, object?>("result", "sent"));
        if (failed > 0) _mailSent.Add(failed, new KeyValuePair<string, object?>("result", "failed"));
    }

    public void Statement(bool imported) => _statements.Add(1, new KeyValuePair<string, object?>("result", imported ? "imported" : "rejected"));

    public void Queues(IReadOnlyDictionary<string, long> depths) => _queues = depths;

    public void Dispose() => _meter.Dispose();
}
