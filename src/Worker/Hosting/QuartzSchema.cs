using BackOffice.Ledger.Database;
using Quartz;

namespace BackOffice.Worker.Hosting;

/// <summary>
/// Quartz's clustered job store tables, from the create-if-missing script the Quartz assembly itself carries, so the
/// tables always match the pinned Quartz version. Quartz would run it too (ProvisionSchema), but two instances starting
/// at once would race; here it runs under the migration lock, and only when the pinned version's script changed.
/// </summary>
sealed class QuartzSchema : IdempotentSchema
{
    public const string TablePrefix = "qrtz_";
    const string Resource = "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql";

    public override string Name => "quartz";

    public override IEnumerable<string> Statements()
    {
        using var stream = typeof(IJob).Assembly.GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"The Quartz assembly has no {Resource}: its version changed how it ships its schema.");
        var script = new StreamReader(stream).ReadToEnd();
        return script.Split("\n--;;", StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Replace("{0}", TablePrefix).Replace("{1}", TablePrefix).Trim())
            .Where(s => s.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            .ToList();
    }
}
