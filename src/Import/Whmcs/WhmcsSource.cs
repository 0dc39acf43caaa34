using System.Data.Common;
using BackOffice.Ledger;
using MySqlConnector;

namespace BackOffice.Import.Whmcs;

/// <summary>The WHMCS import cannot start or go on; the message says what to check. Nothing was written.</summary>
public sealed class WhmcsRefused(string message) : LedgerError(message);

/// <summary>The WHMCS database: reached, recognised, and read with its traps handled (zero dates, text encodings).</summary>
public sealed class WhmcsSource
{
    /// <summary>The tables the import reads; a database without them is not WHMCS (or not one we can read).</summary>
    public static readonly string[] RequiredTables =
    [
        "tblconfiguration", "tblcurrencies", "tblclients", "tblcontacts", "tblclientgroups", "tblcustomfields", "tblcustomfieldsvalues",
        "tblnotes", "tbladmins", "tblticketdepartments", "tblhosting", "tblinvoices", "tblinvoiceitems", "tblaccounts", "tblcredit",
        "tbltickets", "tblticketreplies", "tblticketnotes", "tblproductgroups", "tblproducts", "tblpricing", "tblorders",
        "tblproductconfiggroups", "tblproductconfiglinks", "tblproductconfigoptions", "tblproductconfigoptionssub", "tblhostingconfigoptions",
        "tbladdons", "tblhostingaddons", "tblpromotions",
    ];

    readonly MySqlConnectionStringBuilder _cs;

    public WhmcsSource(string connectionString)
    {
        try
        {
            _cs = new MySqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInput("connection", $"--connection is not a MySQL connection string (Server=…;Database=…;User=…;Password=…): {e.Message}");
        }
        if (string.IsNullOrWhiteSpace(_cs.Database))
            throw new InvalidInput("connection", "--connection names no database: add Database=<the WHMCS database>.");
        if (string.IsNullOrWhiteSpace(_cs.Server)) _cs.Server = "localhost";
        // WHMCS runs with sql_mode='' and keeps '0000-00-00' dates: read them as DateTime.MinValue (= none).
        _cs.ConvertZeroDateTime = true;
        _cs.AllowUserVariables = true;
    }

    /// <summary>host:port/database — what the operator recognises, never the password.</summary>
    public string Name => $"{_cs.Server}:{_cs.Port}/{_cs.Database}";

    public async Task<MySqlConnection> OpenAsync(CancellationToken ct)
    {
        var conn = new MySqlConnection(_cs.ConnectionString);
        try
        {
            await conn.OpenAsync(ct);
            return conn;
        }
        catch (MySqlException e)
        {
            await conn.DisposeAsync();
            throw new WhmcsRefused(Explain(e));
        }
    }

    string Explain(MySqlException e) => e.ErrorCode switch
    {
        MySqlErrorCode.AccessDenied or MySqlErrorCode.DatabaseAccessDenied =>
            $"The WHMCS database server at {_cs.Server}:{_cs.Port} refused user '{_cs.UserID}' for database '{_cs.Database}': {e.Message} " +
            "Check User and Password in --connection and that the user may read that database.",
        MySqlErrorCode.UnknownDatabase =>
            $"There is no database '{_cs.Database}' on the server at {_cs.Server}:{_cs.Port}. Check Database in --connection (SHOW DATABASES lists them).",
        _ => $"Cannot reach the WHMCS database server at {_cs.Server}:{_cs.Port} (database '{_cs.Database}'): {e.Message} " +
             "Check Server and Port in --connection, that MariaDB/MySQL is running there and accepts TCP connections from this machine, and the firewall.",
    };

    /// <summary>Refuses a database that lacks the WHMCS tables we read, naming them.</summary>
    public async Task CheckIsWhmcsAsync(MySqlConnection conn, CancellationToken ct)
    {
        var present = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using (var r = await ReadAsync(conn, "select table_name from information_schema.tables where table_schema = database()", ct))
            while (await r.ReadAsync(ct)) present.Add(r.GetString(0));
        var missing = RequiredTables.Where(t => !present.Contains(t)).ToList();
        if (missing.Count == RequiredTables.Length)
            throw new WhmcsRefused($"The database '{_cs.Database}' at {_cs.Server}:{_cs.Port} is not a WHMCS database: none of its tables " +
                                   $"(tblclients, tblinvoices, tbltickets, …) is there. Check Database in --connection.");
        if (missing.Count > 0)
            throw new WhmcsRefused($"The database '{_cs.Database}' at {_cs.Server}:{_cs.Port} is not a complete WHMCS database: " +
                                   $"tables {string.Join(", ", missing)} are missing. Check Database in --connection.");
    }

    public static async Task<DbDataReader> ReadAsync(MySqlConnection conn, string sql, CancellationToken ct, params (string Name, object? Value)[] args)
    {
        var cmd = new MySqlCommand(sql, conn) { CommandTimeout = 0 };
        foreach (var (name, value) in args) cmd.Parameters.AddWithValue(name, value);
        return await cmd.ExecuteReaderAsync(ct);
    }

    public static async Task<List<T>> ListAsync<T>(MySqlConnection conn, string sql, Func<DbDataReader, T> map, CancellationToken ct,
        params (string Name, object? Value)[] args)
    {
        var list = new List<T>();
        await using var r = await ReadAsync(conn, sql, ct, args);
        while (await r.ReadAsync(ct)) list.Add(map(r));
        return list;
    }

    /// <summary>tblconfiguration (duplicates exist before 8.0: the last one read wins).</summary>
    public static async Task<Dictionary<string, string>> SettingsAsync(MySqlConnection conn, CancellationToken ct)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (k, v) in await ListAsync(conn, "select setting, value from tblconfiguration", r => (Text(r, 0), Text(r, 1)), ct))
            settings[k] = v;
        return settings;
    }

    // Column readers: text repaired and decoded, zero dates as null, WHMCS flags ('on', '1', 1) as booleans.
    public static string Text(DbDataReader r, int i) => r.IsDBNull(i) ? "" : WhmcsText.Clean(Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
    public static string? TextOrNull(DbDataReader r, int i) => Text(r, i) is { Length: > 0 } s ? s : null;
    public static long Long(DbDataReader r, int i) => r.IsDBNull(i) ? 0 : Convert.ToInt64(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    public static decimal Money(DbDataReader r, int i) => r.IsDBNull(i) ? 0m : Convert.ToDecimal(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
    public static bool Flag(DbDataReader r, int i) => !r.IsDBNull(i) && Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!.Trim().ToLowerInvariant() is "on" or "1" or "yes" or "true";

    public static DateTime? Time(DbDataReader r, int i)
    {
        if (r.IsDBNull(i)) return null;
        var v = r.GetValue(i);
        var d = v switch { DateTime dt => dt, MySqlDateTime m when m.IsValidDateTime => m.GetDateTime(), _ => DateTime.MinValue };
        return d.Year < 1900 ? null : d;
    }

    public static DateOnly? Date(DbDataReader r, int i) => Time(r, i) is { } d ? DateOnly.FromDateTime(d) : null;
}
