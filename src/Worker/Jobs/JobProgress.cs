namespace BackOffice.Worker.Jobs;

/// <summary>
/// Where one run reports how far it has got (per step: done, total; total 0 = not known): the progress bar of
/// `backoffice jobs run`, nowhere for a scheduled run. One per run (scoped), set by <see cref="JobRunner"/>.
/// </summary>
public sealed class JobProgress
{
    public IProgress<(string Step, int Done, int Total)>? Steps { get; internal set; }

    /// <summary>The reports of one step, for work that has only one.</summary>
    public IProgress<(int Done, int Total)>? Step(string name) => Steps is { } steps ? new OneStep(steps, name) : null;

    sealed class OneStep(IProgress<(string Step, int Done, int Total)> steps, string name) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => steps.Report((name, value.Done, value.Total));
    }
}
