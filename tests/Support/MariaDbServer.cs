using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using Xunit;

namespace BackOffice.Tests.Support;

/// <summary>
/// A throwaway MariaDB for one test run (the WHMCS import reads one): Debian's mariadbd started from its binaries on a free
/// loopback port with a data directory of its own, never the system's service. Each test gets a database loaded with the
/// WHMCS-shaped tables and data of tests/Samples/whmcs through a latin1 client connection, as the company's WHMCS wrote it.
/// MariaDB missing fails the run; ./test.sh installs it (scripts/mariadb.sh).
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    const string Daemon = "/usr/sbin/mariadbd";
    string? _dir;
    Process? _server;
    int _counter;

    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Daemon))
            throw new InvalidOperationException(
                $"{Daemon} was not found. The WHMCS import tests need a real MariaDB: run the README's test command (./test.sh installs it) " +
                "or `apt-get install mariadb-server`.");
        _dir = Path.Combine(Path.GetTempPath(), $"backoffice-test-mariadb-{Environment.ProcessId}-{Guid.NewGuid():N}"[..45]);
        Directory.CreateDirectory(_dir);
        var asRoot = Environment.UserName == "root";
        string[] user = asRoot ? ["--user=root"] : [];
        await RunAsync("mariadb-install-db", ["--no-defaults", $"--datadir={_dir}/data", "--auth-root-authentication-method=normal",
            "--skip-test-db", .. user], stdin: null);
        Port = FreePort();
        var psi = new ProcessStartInfo(Daemon, ["--no-defaults", $"--datadir={_dir}/data", .. user, "--bind-address=127.0.0.1", $"--port={Port}",
            $"--socket={_dir}/mariadb.sock", $"--pid-file={_dir}/mariadb.pid", "--skip-name-resolve", "--skip-log-bin",
            "--innodb-buffer-pool-size=64M", "--innodb-flush-log-at-trx-commit=0", "--character-set-server=latin1", $"--log-error={_dir}/server.log",
            // Every test creates a database of some forty tables: with a file and an fsync per table, schema.sql alone took
            // 0.8-2.5 s, without 0.4-1.1 s (measured at load 15). Like the PostgreSQL cluster's fsync=off, for throwaway data.
            "--innodb-file-per-table=0", "--innodb-flush-method=nosync"])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        _server = Process.Start(psi)!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var c = new MySqlConnection(AdminConnectionString);
                await c.OpenAsync();
                return;
            }
            catch (MySqlException) when (DateTime.UtcNow < deadline && !_server.HasExited)
            {
                await Task.Delay(200);
            }
            catch (MySqlException e)
            {
                var log = File.Exists($"{_dir}/server.log") ? await File.ReadAllTextAsync($"{_dir}/server.log") : "";
                throw new InvalidOperationException($"mariadbd did not start on port {Port}: {e.Message}\n{log}");
            }
        }
    }

    public string AdminConnectionString => $"Server=127.0.0.1;Port={Port};User ID=root;Pooling=false";

    /// <summary>A new database with the WHMCS tables (and, unless told otherwise, the sample data); its connection string.</summary>
    public async Task<string> CreateWhmcsDatabaseAsync(bool withData = true, bool withSchema = true)
    {
        var name = $"whmcs_{Interlocked.Increment(ref _counter)}";
        await using (var c = new MySqlConnection(AdminConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new MySqlCommand($"CREATE DATABASE {name} DEFAULT CHARACTER SET utf8 COLLATE utf8_unicode_ci", c);
            await cmd.ExecuteNonQueryAsync();
        }
        var sql = (withSchema ? await File.ReadAllTextAsync(SampleFiles.Sample("whmcs", "schema.sql")) : "") + "\n" +
                  (withData ? await File.ReadAllTextAsync(SampleFiles.Sample("whmcs", "data.sql")) : "");
        if (withSchema || withData) await ExecuteAsLatin1Async(name, sql);   // one client run for both
        return $"Server=127.0.0.1;Port={Port};User ID=root;Database={name}";
    }

    /// <summary>
    /// Runs SQL through the mariadb client on a latin1 connection, the way WHMCS without $mysql_charset writes: UTF-8 bytes
    /// taken as latin1 characters and stored double-encoded in the utf8 columns.
    /// </summary>
    public Task ExecuteAsLatin1Async(string database, string sql) =>
        RunAsync("mariadb", ["--no-defaults", "-h127.0.0.1", $"-P{Port}", "-uroot", "--default-character-set=latin1", database], sql);

    public ValueTask DisposeAsync()
    {
        Stop();
        if (_dir is not null)
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    void Stop()
    {
        if (_server is null || _server.HasExited) return;
        try
        {
            _server.Kill();
            _server.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
    }

    static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    static async Task RunAsync(string file, string[] args, string? stdin)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = stdin is not null,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            // Raw UTF-8 bytes: the client is told they are latin1, which is the point.
            await p.StandardInput.BaseStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(stdin));
            p.StandardInput.Close();
        }
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }
}
