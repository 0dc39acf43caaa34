using System.CommandLine;
using BackOffice.Ledger;
using BackOffice.Ledger.Database;
using BackOffice.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackOffice.Worker.Cli;

/// <summary>
/// The one executable: <c>backoffice run</c> is the service, every other verb does one piece of work and exits.
/// Exit codes: 0 done, 1 failed, 2 bad arguments or input.
/// </summary>
public sealed class BackOfficeCli(TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? overrides)
{
    public const int Ok = 0, Failed = 1, BadArguments = 2;

    internal TextWriter Out { get; } = stdout;
    internal TextWriter Err { get; } = stderr;

    internal static readonly Option<bool> Json = new("--json") { Description = "Print the result as JSON", Recursive = true };
    internal static readonly Option<DirectoryInfo?> ContentRoot = new("--content-root")
    {
        Description = "Folder holding appsettings.json (default: the program's own folder, or BACKOFFICE_CONTENT_ROOT)",
        Recursive = true,
    };
    internal static readonly Option<bool> Verbose = new("--verbose") { Description = "On failure, print the whole detail (it always goes to the log)", Recursive = true };
    internal static readonly Option<string?> LogFormat = LogFormatOption();

    static Option<string?> LogFormatOption()
    {
        var option = new Option<string?>("--log-format")
        {
            Description = "plain: one line per event; json: JSON lines for a log collector (default: BackOffice:Logging:Format, else plain)",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong("plain", "json");
        return option;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        IReadOnlyDictionary<string, string?>? overrides = null, CancellationToken ct = default)
    {
        var cli = new BackOfficeCli(stdout, stderr, overrides);
        var alone = BankVerbs.ParseAlone(args, cli);
        var parse = cli.BuildRoot(alone).Parse(args);
        if (parse.Errors.Count > 0 && alone is not null)
            parse = cli.BuildRoot(null).Parse(args); // the whole tree's own words for what is wrong
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) await stderr.WriteLineAsync(CliFailure.ParseError(e.Message));
            await stderr.WriteLineAsync("See `backoffice --help`.");
            return BadArguments;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            }, ct);
        }
        catch (InvalidInput e)
        {
            await stderr.WriteLineAsync($"Refused: {e.Message}");
            return BadArguments;
        }
        catch (LedgerError e)
        {
            await stderr.WriteLineAsync($"Refused: {e.Message}");
            return Failed;
        }
        catch (ConfigurationProblem e)
        {
            await stderr.WriteLineAsync($"Configuration error: {e.Message}");
            return Failed;
        }
        catch (DatabaseUnreachable e)
        {
            await stderr.WriteLineAsync(e.Message);
            return Failed;
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key ("… at 'BackOffice:Scheduler:CheckinIntervalSeconds' to type …").
            await stderr.WriteLineAsync($"Configuration error: {e.Message}");
            return Failed;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("Cancelled.");
            return Failed;
        }
        catch (Exception e)
        {
            // Unexpected: one line for the operator, the whole story in the log, and a non-zero exit so a service manager restarts us.
            var log = CliFailure.Log(args, e);
            await stderr.WriteLineAsync($"Failed: {CliFailure.OneLine(e)}" + (log is null ? "" : $" (detail in {log}; --verbose prints it)"));
            if (parse.GetValue(Verbose)) await stderr.WriteLineAsync(e.ToString());
            return Failed;
        }
    }

    /// <param name="alone">
    /// The one verb asked for, when it is a short verb that operators run on large files (<c>bank parse</c>): the tree
    /// then holds only it, and the process does not pay for building, loading and compiling every other verb.
    /// </param>
    RootCommand BuildRoot(Command? alone)
    {
        var root = new RootCommand("BackOffice: billing ledger, 1C mirror, bank statements, support tickets and debtor reports.")
        {
            Json, ContentRoot, Verbose, LogFormat,
        };
        if (alone is not null)
        {
            root.Add(alone);
            return root;
        }

        root.Add(RunVerb.Build(this));
        root.Add(DatabaseVerbs.Migrate(this));
        root.Add(DatabaseVerbs.DemoData(this));
        root.Add(ClientVerbs.Build(this));
        root.Add(InvoiceVerbs.Invoices(this));
        root.Add(InvoiceVerbs.Overdue(this));
        root.Add(BankVerbs.Build(this));
        root.Add(PaymentVerbs.Build(this));
        root.Add(CreditVerbs.Build(this));
        root.Add(ServiceVerbs.Build(this));
        root.Add(OrderVerbs.Build(this));
        root.Add(SyncVerbs.Build(this));
        root.Add(DirectoryVerbs.Staff(this));
        root.Add(DirectoryVerbs.Organisations(this));
        root.Add(MailVerbs.Build(this));
        root.Add(TicketVerbs.Build(this));
        root.Add(ReportVerbs.Build(this));
        root.Add(ImportVerbs.Build(this));
        root.Add(HealthVerb.Build(this));
        root.Add(JobVerbs.Build(this));
        return root;
    }

    internal IHost BuildHost(ParseResult parse, bool asService)
    {
        var settings = overrides;
        if (parse.GetValue(LogFormat) is { } format)
            settings = new Dictionary<string, string?>(overrides ?? new Dictionary<string, string?>()) { [BackOfficeHost.LogFormatKey] = format };
        return BackOfficeHost.Build(new HostRequest(asService, parse.GetValue(ContentRoot)?.FullName, settings));
    }

    /// <summary>Runs one verb against the database: host built and validated, database reached, schema brought up to date.</summary>
    internal async Task<int> WithDatabaseAsync(ParseResult parse, CancellationToken ct, Func<IServiceProvider, Task<int>> work)
    {
        using var host = BuildHost(parse, asService: false);
        BackOfficeHost.Validate(host);
        var db = host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        await Db.EnsureReachableAsync(db, ct);
        await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(ct);
        await FirstInvoiceNumber.ApplyAsync(host.Services, ct);
        return await work(host.Services);
    }
}
