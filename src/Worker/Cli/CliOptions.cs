using System.CommandLine;

namespace BackOffice.Worker.Cli;

/// <summary>Options several verb groups share, spelled once.</summary>
static class CliOptions
{
    public static Option<bool> DryRun() => new("--dry-run")
    {
        Description = "Do the work in a transaction that is rolled back: print what would change, change nothing",
    };

    public static Option<string> By() => new("--by")
    {
        Description = "Who does it (recorded with the change)",
        DefaultValueFactory = _ => Environment.UserName,
    };

    public static Option<string> Reason(bool required = true) => new("--reason") { Description = "Why (recorded with the change)", Required = required };

    public static Option<int?> Limit() => new("--limit") { Description = "At most this many rows (default 500)" };

    /// <summary>"(dry run: nothing was changed)" after a line that describes a change.</summary>
    public static string DryRunNote(bool dryRun) => dryRun ? "  (dry run: nothing was changed)" : "";
}
