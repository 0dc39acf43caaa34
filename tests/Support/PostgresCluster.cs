using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BackOffice.Ledger.Database;
using Dapper;
using Npgsql;
using Xunit;

namespace BackOffice.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run, started from the machine's own binaries on a free loopback port,
/// with the production migrations applied once to a template database. BACKOFFICE_TEST_PG names an existing server
/// (a superuser connection string) to use instead. PostgreSQL missing fails the run; it is never a skip.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    public const string TemplateName = "backoffice_template";
    readonly SemaphoreSlim _create = new(1, 1);
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<string>>> _derived = new();
    string? _dataDir;
    string? _binDir;
    int _counter;

    public string AdminConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        DapperSetup.Configure();
        var external = Environment.GetEnvironmentVariable("BACKOFFICE_TEST_PG");
        if (!string.IsNullOrWhiteSpace(external))
            AdminConnectionString = new NpgsqlConnectionStringBuilder(external) { Pooling = true, Database = "postgres" }.ConnectionString;
        else
            AdminConnectionString = await StartPrivateClusterAsync();

        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"drop database if exists {TemplateName}_{Environment.ProcessId} with (force)");
        }
        // The template is private to this process so that concurrent test projects sharing one server do not collide.
        TemplateDatabase = $"{TemplateName}_{Environment.ProcessId}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database {TemplateDatabase}");
        }
        var templateCs = ConnectionStringFor(TemplateDatabase);
        await using (var ds = Db.CreateDataSource(templateCs))
            await new SchemaMigrator(ds).MigrateAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"alter database {TemplateDatabase} is_template true");
        }
    }

    public string TemplateDatabase { get; private set; } = TemplateName;

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>A fresh database with the whole schema and no data.</summary>
    public async Task<string> CreateDatabaseAsync(string? template = null)
    {
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
        await _create.WaitAsync();
        try
        {
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database {name} template {template ?? TemplateDatabase}");
        }
        finally
        {
            _create.Release();
        }
        return ConnectionStringFor(name);
    }

    /// <summary>An empty database without even the schema (for migration tests).</summary>
    public async Task<string> CreateEmptyDatabaseAsync() => await CreateDatabaseAsync("template0");

    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"drop database if exists {name} with (force)");
    }

    /// <summary>
    /// A template of this run named by <paramref name="suffix"/>, made once (by the first caller's <paramref name="fill"/>,
    /// given a fresh copy of the migrated template's connection string) and shared: tests whose every run starts from the
    /// same data copy it with <see cref="CreateDatabaseAsync"/> instead of loading the data each time.
    /// </summary>
    public Task<string> DerivedTemplateAsync(string suffix, Func<string, Task> fill) =>
        _derived.GetOrAdd(suffix, _ => new Lazy<Task<string>>(() => MakeDerivedTemplateAsync(suffix, fill))).Value;

    async Task<string> MakeDerivedTemplateAsync(string suffix, Func<string, Task> fill)
    {
        var name = $"{TemplateDatabase}_{suffix}";
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"drop database if exists {name} with (force)");
            await admin.ExecuteAsync($"create database {name} template {TemplateDatabase}");
        }
        await fill(ConnectionStringFor(name));
        NpgsqlConnection.ClearAllPools(); // a template must have no connections when it is copied
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"alter database {name} is_template true");
        }
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataDir is null && _derived.Count > 0)
        {
            // A server of someone else's (BACKOFFICE_TEST_PG): leave no template of ours behind.
            await using var admin = new NpgsqlConnection(AdminConnectionString);
            await admin.OpenAsync();
            foreach (var name in _derived.Keys.Select(s => $"{TemplateDatabase}_{s}"))
            {
                await admin.ExecuteAsync($"alter database {name} is_template false");
                await admin.ExecuteAsync($"drop database if exists {name} with (force)");
            }
        }
        if (_dataDir is null || _binDir is null) return;
        await RunAsync(Path.Combine(_binDir, "pg_ctl"), ["-D", _dataDir, "-m", "immediate", "-w", "stop"], allowFailure: true);
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    async Task<string> StartPrivateClusterAsync()
    {
        _binDir = FindBinaries();
        _dataDir = Path.Combine(Path.GetTempPath(), $"backoffice-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(_dataDir);
        if (IsRoot) await RunAsync("chown", ["postgres:postgres", _dataDir]);
        await RunAsync(Path.Combine(_binDir, "initdb"),
            ["-D", _dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
        var port = FreePort();
        await RunAsync(Path.Combine(_binDir, "pg_ctl"),
        [
            "-D", _dataDir, "-l", Path.Combine(_dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                  "-c full_page_writes=off -c max_connections=300",
            "start",
        ]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Belt and braces: a test run that dies must not leave a server behind.
            var pgCtl = Path.Combine(_binDir!, "pg_ctl");
            var psi = IsRoot
                ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", pgCtl, "-D", _dataDir!, "-m", "immediate", "stop"])
                : new ProcessStartInfo(pgCtl, ["-D", _dataDir!, "-m", "immediate", "stop"]);
            psi.UseShellExecute = false;
            psi.RedirectStandardError = true;
            psi.RedirectStandardOutput = true;
            try { Process.Start(psi)?.WaitForExit(10_000); }
            catch (System.ComponentModel.Win32Exception) { }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=30";
    }

    static bool IsRoot => Environment.UserName == "root";

    static string FindBinaries()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault()
               ?? throw new InvalidOperationException(
                   "PostgreSQL server binaries were not found under /usr/lib/postgresql/*/bin. The tests need a real PostgreSQL: " +
                   "run the README's test command (./test.sh installs it), or `apt-get install postgresql`, " +
                   "or set BACKOFFICE_TEST_PG to a superuser connection string.");
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    // As root, initdb and the server refuse to run: they run as the postgres user.
    static async Task RunAsync(string file, string[] args, bool allowFailure = false)
    {
        var psi = IsRoot && file is not "chown"
            ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0 && !allowFailure)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }
}
