using Dapper;

namespace BackOffice.Web.Tests;

/// <summary>`staff password`, `roles`, `add`, `deactivate`, `activate`, `unlock`, `changes`, `list`, and the web's settings checked at start.</summary>
public sealed class StaffAccessVerbTests(WebSite site)
{
    Dictionary<string, string?> Config => new() { ["ConnectionStrings:BackOffice"] = site.ConnectionString };

    async Task<string> StaffRowAsync(int id)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select row(s.*)::text from staff s where id = @id", new { id }) ?? "";
    }

    [Fact(Timeout = 120_000)]
    public async Task Staff_password_reads_standard_input_and_the_new_password_signs_in()
    {
        var who = await site.StaffAsync("support");
        var r = await Cli.ProcessAsync(site.ConnectionString, "совсем-новый-пароль\n", "staff", "password", who.Login);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"Password set for {who.Login}", r.Out);
        var hash = await site.ScalarAsync("select count(*) from staff where id = @Id and password_hash like 'AQAAAA%'", new { who.Id });
        Assert.Equal(1, hash); // Identity's v3 format, never the password itself
        Assert.NotNull(await site.SignedInAsync(who with { Password = "совсем-новый-пароль" }));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("short\n", "at least 8 characters")]
    [InlineData("", "No password came on standard input")]
    [InlineData("         \n", "only spaces")]
    public async Task A_bad_password_is_refused_and_nothing_changes(string stdin, string error)
    {
        var who = await site.StaffAsync("support");
        var before = await StaffRowAsync(who.Id);
        var r = await Cli.ProcessAsync(site.ConnectionString, stdin, "staff", "password", who.Login);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(error, r.Err);
        Assert.Equal(before, await StaffRowAsync(who.Id));
    }

    [Fact(Timeout = 120_000)]
    public async Task Staff_roles_replaces_the_roles_and_staff_list_shows_them()
    {
        var who = await site.StaffAsync("support");
        var r = await Cli.RunAsync(Config, "staff", "roles", who.Login, "--set", "Treasury, manager");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("treasury, manager", r.Out);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @Id and roles = array['treasury', 'manager']", new { who.Id }));
        var list = await Cli.RunAsync(Config, "staff", "list", "--json");
        Assert.Contains($"\"login\": \"{who.Login}\"", list.Out);
        Assert.Matches($"\"login\": \"{who.Login}\"[^}}]*\"roles\": \\[\\s*\"treasury\",\\s*\"manager\"\\s*\\]", list.Out);

        Assert.Equal(0, (await Cli.RunAsync(Config, "staff", "roles", who.Login, "--set", "none")).ExitCode);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @Id and roles = '{}'", new { who.Id }));
    }

    [Theory(Timeout = 120_000)]
    [InlineData("support,cashier", "Unknown role 'cashier'")]
    [InlineData("boss", "Unknown role 'boss'")]
    public async Task An_unknown_role_is_refused_and_nothing_changes(string roles, string error)
    {
        var who = await site.StaffAsync("support");
        var before = await StaffRowAsync(who.Id);
        var r = await Cli.RunAsync(Config, "staff", "roles", who.Login, "--set", roles);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(error, r.Err);
        Assert.Equal(before, await StaffRowAsync(who.Id));
    }

    [Fact(Timeout = 60_000)]
    public async Task Roles_of_a_staff_member_who_does_not_exist_are_refused()
    {
        var r = await Cli.RunAsync(Config, "staff", "roles", "nobody-at-all", "--set", "support");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("There is no staff member 'nobody-at-all'", r.Err);
    }

    [Fact(Timeout = 120_000)]
    public async Task Staff_add_deactivate_activate_and_unlock_are_recorded_with_who_and_staff_changes_shows_them()
    {
        var login = "verb" + Guid.NewGuid().ToString("N")[..8];
        var r = await Cli.RunAsync(Config, "staff", "add", login, "--name", "Глагольев Пётр", "--roles", "support,manager", "--by", "boss");
        Assert.True(r.ExitCode == 0, r.ToString());
        var id = (int)await site.ScalarAsync("select id from staff where login = @login and full_name = 'Глагольев Пётр' and roles = array['support', 'manager'] and active", new { login });
        Assert.Equal(0, (await Cli.RunAsync(Config, "staff", "deactivate", login, "--by", "boss")).ExitCode);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @id and not active", new { id }));
        Assert.Equal(0, (await Cli.RunAsync(Config, "staff", "activate", login, "--by", "boss")).ExitCode);
        await site.ScalarAsync("update staff set locked_until = now() + interval '1 hour' where id = @id", new { id });
        Assert.Equal(0, (await Cli.RunAsync(Config, "staff", "unlock", login, "--by", "boss")).ExitCode);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @id and active and locked_until is null", new { id }));

        var changes = await Cli.RunAsync(Config, "staff", "changes", login, "--json");
        Assert.True(changes.ExitCode == 0, changes.ToString());
        var rows = System.Text.Json.JsonDocument.Parse(changes.Out).RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("change").GetString(), c.GetProperty("changedBy").GetString())).Reverse().ToList();
        Assert.Equal(new (string?, string?)[] { ("added, roles: support, manager", "boss"), ("deactivated", "boss"), ("reactivated", "boss"), ("unlocked", "boss") }, rows);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_admin_cannot_take_admin_from_himself_nor_deactivate_himself_by_verb_and_nothing_changes()
    {
        var who = await site.StaffAsync("admin");
        var before = await StaffRowAsync(who.Id);
        var roles = await Cli.RunAsync(Config, "staff", "roles", who.Login, "--set", "support", "--by", who.Login);
        Assert.True(roles.ExitCode == 2, roles.ToString());
        Assert.Contains("You cannot take the admin role from yourself", roles.Err);
        var off = await Cli.RunAsync(Config, "staff", "deactivate", who.Login, "--by", who.Login.ToUpperInvariant());
        Assert.True(off.ExitCode == 2, off.ToString());
        Assert.Contains("You cannot deactivate yourself", off.Err);
        Assert.Equal(before, await StaffRowAsync(who.Id));
        Assert.Equal(0, await site.ScalarAsync("select count(*) from staff_changes where staff_id = @Id and changed_by <> 'tests'", new { who.Id }));
    }

    [Fact(Timeout = 120_000)]
    public async Task Staff_add_puts_him_in_the_department_named_and_an_unknown_one_adds_nobody()
    {
        var login = "dept" + Guid.NewGuid().ToString("N")[..8];
        var r = await Cli.RunAsync(Config, "staff", "add", login, "--name", "Отделов Иван", "--department", "бухгалтерия", "--by", "boss");
        Assert.True(r.ExitCode == 0, r.ToString());
        var id = (int)await site.ScalarAsync("select s.id from staff s join departments d on d.id = s.department_id where s.login = @login and d.name = 'Бухгалтерия'", new { login });
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff_changes where staff_id = @id and change = 'added, roles: none; department: Бухгалтерия' and changed_by = 'boss'", new { id }));

        // Counted by who made them: the other classes add staff (and their changes) beside this one meanwhile.
        var changes = await site.ScalarAsync("select count(*) from staff_changes where changed_by = 'boss'");
        var refused = await Cli.RunAsync(Config, "staff", "add", login + "x", "--name", "Безотделов Иван", "--department", "Охрана", "--by", "boss");
        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("There is no department 'Охрана'", refused.Err);
        Assert.Equal(0, await site.ScalarAsync("select count(*) from staff where login = @l or full_name = 'Безотделов Иван'", new { l = login + "x" }));
        Assert.Equal(changes, await site.ScalarAsync("select count(*) from staff_changes where changed_by = 'boss'"));
    }

    [Fact(Timeout = 120_000)]
    public async Task Adding_a_login_that_is_taken_is_refused_and_nothing_changes()
    {
        var who = await site.StaffAsync("support");
        var before = await StaffRowAsync(who.Id);
        var r = await Cli.RunAsync(Config, "staff", "add", who.Login.ToUpperInvariant(), "--name", "Двойников", "--by", "boss");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"The login '{who.Login.ToUpperInvariant()}' is taken", r.Err);
        Assert.Equal(before, await StaffRowAsync(who.Id));
        Assert.Equal(0, await site.ScalarAsync("select count(*) from staff where full_name = 'Двойников'"));
    }

    [Theory(Timeout = 60_000)]
    [InlineData("BackOffice:Web:Urls", "ftp://127.0.0.1:8080", "BackOffice:Web:Urls")]
    [InlineData("BackOffice:Web:Urls", "127.0.0.1:8080", "BackOffice:Web:Urls")]
    [InlineData("BackOffice:Web:Urls", "https://0.0.0.0:8443", "HTTPS belongs to the reverse proxy")]
    [InlineData("BackOffice:Web:PathBase", "backoffice/", "BackOffice:Web:PathBase")]
    [InlineData("BackOffice:Web:KnownProxies:0", "nginx", "BackOffice:Web:KnownProxies")]
    [InlineData("BackOffice:Web:LockoutAttempts", "0", "BackOffice:Web:LockoutAttempts")]
    [InlineData("BackOffice:Web:Enabled", "yes", "BackOffice:Web:Enabled")]
    public async Task A_bad_web_setting_stops_the_start_with_one_line_naming_the_key(string key, string value, string named)
    {
        var config = Config;
        config["BackOffice:Web:Enabled"] = "true";
        config[key] = value;
        var r = await Cli.RunAsync(config, "run");
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("Configuration", r.Err);
        Assert.Contains(named, r.Err);
        Assert.Single(r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
