using System.CommandLine;
using BackOffice.Ledger.Staff;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

/// <summary>`staff add`, `deactivate`, `activate`, `unlock`, `changes`: the staff page's account changes as verbs, through the same service.</summary>
static class StaffAccountVerbs
{
    static Argument<string> Who() => new("staff") { Description = "Login, full name or id (see `staff list`)" };

    public static Command Add(BackOfficeCli cli)
    {
        var login = new Argument<string>("login") { Description = "The login he signs in with" };
        var name = new Option<string>("--name") { Description = "Full name", Required = true };
        var email = new Option<string?>("--email") { Description = "Email address" };
        var department = new Option<string?>("--department") { Description = "His department, by name or id (see `staff list`)" };
        var roles = new Option<string>("--roles") { Description = $"Comma-separated: {string.Join(", ", StaffRoles.All)} (default none)", DefaultValueFactory = _ => "none" };
        var by = CliOptions.By();
        var cmd = new Command("add", "Add a staff member (then `staff password` lets him sign in).") { login, name, email, department, roles, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var id = await services.GetRequiredService<StaffAccounts>().AddAsync(new NewStaffMember(parse.GetValue(login)!, parse.GetValue(name)!,
                parse.GetValue(email), StaffRoles.Parse(parse.GetValue(roles)!), parse.GetValue(department)), parse.GetValue(by)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { id, login = parse.GetValue(login)!.Trim() });
            else cli.Out.WriteLine($"Staff member {parse.GetValue(login)!.Trim()} added (id {id}).");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    public static Command Active(BackOfficeCli cli, bool active)
    {
        var who = Who();
        var by = CliOptions.By();
        var cmd = active
            ? new Command("activate", "Let a deactivated staff member sign in again.") { who, by }
            : new Command("deactivate", "Stop a staff member signing in; his open sessions end at their next request.") { who, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var login = await services.GetRequiredService<StaffAccounts>().SetActiveAsync(parse.GetValue(who)!, active, parse.GetValue(by)!, ct);
            cli.Out.WriteLine($"{login} is {(active ? "active" : "deactivated")}.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    public static Command Unlock(BackOfficeCli cli)
    {
        var who = Who();
        var by = CliOptions.By();
        var cmd = new Command("unlock", "Lift a lock-out after too many wrong passwords, keeping the password.") { who, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var login = await services.GetRequiredService<StaffAccounts>().UnlockAsync(parse.GetValue(who)!, parse.GetValue(by)!, ct);
            cli.Out.WriteLine($"{login} is not locked out.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    public static Command Changes(BackOfficeCli cli)
    {
        var who = new Argument<string?>("staff") { Description = "Login, full name or id (default: everyone)", Arity = ArgumentArity.ZeroOrOne };
        var limit = CliOptions.Limit();
        var cmd = new Command("changes", "What was done to staff accounts (added, roles, password, deactivated, unlocked), by whom and when.") { who, limit };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            int? id = null;
            if (parse.GetValue(who) is { } w)
            {
                var db = services.GetRequiredService<Npgsql.NpgsqlDataSource>();
                await using var conn = await db.OpenConnectionAsync(ct);
                id = await StaffLookup.IdAsync(conn, w, ct);
            }
            var changes = await services.GetRequiredService<StaffAccounts>().HistoryAsync(id, parse.GetValue(limit) ?? 500, ct);
            if (parse.GetValue(BackOfficeCli.Json)) { CliOutput.WriteJson(cli.Out, changes); return BackOfficeCli.Ok; }
            var t = new Table().AddColumns("When (UTC)", "Staff", "Change", "By");
            foreach (var c in changes)
                t.AddRow(c.ChangedAt.ToString("yyyy-MM-dd HH:mm:ss"), CliOutput.Text(c.Login), CliOutput.Text(c.Change), CliOutput.Text(c.ChangedBy));
            CliOutput.Console(cli.Out).Write(t);
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }
}
