using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using BackOffice.Worker.Hosting;

namespace BackOffice.Worker.Jobs;

/// <summary>
/// A stop request (SIGTERM, service stop) gives running jobs BackOffice:Scheduler:StopGraceSeconds to finish their
/// current item; then their token is cancelled and they abandon what is left (claimed rows are released or their lease
/// runs out). The host waits a little longer than that, and systemd's TimeoutStopSec longer still.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    readonly CancellationTokenSource _cts = new();

    public CancellationToken Token => _cts.Token;

    internal void StopIn(TimeSpan grace) => _cts.CancelAfter(grace);

    public void Dispose() => _cts.Dispose();
}

sealed class ShutdownGrace(ShutdownSignal signal, IHostApplicationLifetime lifetime, IOptions<SchedulerOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => signal.StopIn(TimeSpan.FromSeconds(options.Value.StopGraceSeconds)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
