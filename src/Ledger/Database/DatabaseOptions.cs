using Npgsql;

namespace BackOffice.Ledger.Database;

/// <summary>Where the database is, read from <c>ConnectionStrings:BackOffice</c>.</summary>
public static class Db
{
    public const string ConnectionStringKey = "ConnectionStrings:BackOffice";

    /// <summary>Parses the connection string or says, naming the key, what is wrong with it.</summary>
    public static NpgsqlConnectionStringBuilder ParseConnectionString(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            throw new ConfigurationProblem(ConnectionStringKey,
                "is missing. Set it in appsettings.json or the environment variable ConnectionStrings__BackOffice.");
        try
        {
            var b = new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(b.Host))
                throw new ConfigurationProblem(ConnectionStringKey, "has no Host.");
            return b;
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationProblem(ConnectionStringKey, $"cannot be read: {e.Message}");
        }
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        DapperSetup.Configure();
        var b = ParseConnectionString(connectionString);
        if (string.IsNullOrEmpty(b.ApplicationName)) b.ApplicationName = "backoffice";
        return new NpgsqlDataSourceBuilder(b.ConnectionString).Build();
    }

    /// <summary>Opens one connection to prove the database answers; otherwise says where it looked and how to get one.</summary>
    public static async Task EnsureReachableAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        try
        {
            await using var conn = await dataSource.OpenConnectionAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            var b = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            throw new DatabaseUnreachable(
                $"Cannot reach PostgreSQL at {b.Host}:{b.Port} (database '{b.Database}', user '{b.Username}'): {e.Message}. " +
                "Check ConnectionStrings:BackOffice, or start a local database with the README's run command (./run.sh).", e);
        }
    }
}

/// <summary>A configuration value that is missing or cannot be used; the message names the key.</summary>
public sealed class ConfigurationProblem(string key, string problem) : Exception($"Configuration value '{key}' {problem}")
{
    public string Key { get; } = key;
}

public sealed class DatabaseUnreachable(string message, Exception inner) : Exception(message, inner);
