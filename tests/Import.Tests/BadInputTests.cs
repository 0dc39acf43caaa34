using System.Net;
using System.Net.Sockets;
using BackOffice.Tests.Support;
using MySqlConnector;

namespace BackOffice.Import.Tests;

/// <summary>Each bad input: a clear one-line error naming what to check, and nothing imported, not even part.</summary>
public sealed class BadInputTests(PostgresCluster cluster, MariaDbServer maria) : WhmcsTest(cluster, maria)
{
    [Fact]
    public async Task An_unreachable_server_names_host_and_port_and_what_to_check()
    {
        var port = ClosedPort();
        await RefusedAsync(1, $"Cannot reach the WHMCS database server at 127.0.0.1:{port} (database 'whmcs')",
            "import", "whmcs", "--connection", $"Server=127.0.0.1;Port={port};Database=whmcs;User ID=root;Connection Timeout=3");
        var r = await Run("import", "whmcs", "--connection", $"Server=127.0.0.1;Port={port};Database=whmcs;User ID=root;Connection Timeout=3");
        Assert.Contains("Check Server and Port in --connection", r.Err);
    }

    [Fact]
    public async Task A_database_that_does_not_exist_is_named()
    {
        await RefusedAsync(1, $"There is no database 'nope' on the server at 127.0.0.1:{Maria.Port}",
            "import", "whmcs", "--connection", $"Server=127.0.0.1;Port={Maria.Port};Database=nope;User ID=root");
    }

    [Fact]
    public async Task A_wrong_password_says_the_server_refused_the_user()
    {
        await RefusedAsync(1, $"The WHMCS database server at 127.0.0.1:{Maria.Port} refused user 'root'",
            "import", "whmcs", "--connection", $"Server=127.0.0.1;Port={Maria.Port};Database={WhmcsDatabase};User ID=root;Password=wrong");
    }

    [Fact]
    public async Task A_database_that_is_not_whmcs_is_refused()
    {
        var empty = await Maria.CreateWhmcsDatabaseAsync(withData: false, withSchema: false);
        await RefusedAsync(1, "is not a WHMCS database: none of its tables", "import", "whmcs", "--connection", empty);
    }

    [Fact]
    public async Task A_whmcs_database_missing_tables_names_them()
    {
        await ChangeWhmcsAsync("DROP TABLE tblticketreplies; DROP TABLE tblcredit;");
        await RefusedAsync(1, "is not a complete WHMCS database: tables tblcredit, tblticketreplies are missing", "import", "whmcs", "--connection", Whmcs);
    }

    [Fact]
    public async Task A_custom_field_mapped_by_a_name_that_does_not_exist_is_listed_and_nothing_is_imported()
    {
        Config["BackOffice:Import:Whmcs:CustomFields:Inn"] = "ИНН клиента";
        Config["BackOffice:Import:Whmcs:CustomFields:ContractorCode"] = "Код Юнион";
        var r = await RefusedAsync(1, "These client custom fields do not exist in WHMCS: BackOffice:Import:Whmcs:CustomFields:Inn = 'ИНН клиента'; " +
                                      "BackOffice:Import:Whmcs:CustomFields:ContractorCode = 'Код Юнион'", "import", "whmcs", "--connection", Whmcs);
        Assert.Contains("Its client fields are: 'ИНН', 'КПП', 'Код контрагента в Юнион', 'Менеджер приведший клиента'", r.Err);
        Assert.Equal(0, await CountAsync("whmcs_import_runs"));
    }

    [Fact]
    public async Task Client_ids_the_ledger_already_uses_refuse_the_run_before_anything_is_written()
    {
        await using (var conn = await Db.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "insert into clients (id, first_name, email) values (7583, 'Уже есть', 'already@example.ru')");
        await RefusedAsync(1, "Client ids 7583 already belong to clients made in BackOffice", "import", "whmcs", "--connection", Whmcs);
    }

    [Fact]
    public async Task No_organisation_refuses_the_run()
    {
        Config["BackOffice:Import:Whmcs:Organisation"] = "FORMULA";
        await RefusedAsync(1, "There is no organisation 'FORMULA' (BackOffice:Import:Whmcs:Organisation)", "import", "whmcs", "--connection", Whmcs);
    }

    [Theory]
    [InlineData("Server=127.0.0.1;Bogus Key=1", "--connection is not a MySQL connection string")]
    [InlineData("Server=127.0.0.1;User ID=root", "--connection names no database")]
    public async Task A_malformed_connection_string_is_bad_arguments(string connection, string message)
    {
        await RefusedAsync(2, message, "import", "whmcs", "--connection", connection);
    }

    [Fact]
    public async Task A_since_that_is_not_a_date_is_bad_arguments()
    {
        await RefusedAsync(2, "--since: '2019-13-45' is not a date", "import", "whmcs", "--connection", Whmcs, "--since", "2019-13-45");
    }

    static int ClosedPort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
