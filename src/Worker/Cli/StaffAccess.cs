using System.CommandLine;
using System.Text;
using BackOffice.Ledger;
using BackOffice.Ledger.Staff;
using BackOffice.Web.SignIn;
using Microsoft.Extensions.DependencyInjection;

namespace BackOffice.Worker.Cli;

/// <summary>`staff password LOGIN` and `staff roles LOGIN --set …`: who may sign in to the web pages, and what he opens there.</summary>
static class StaffAccess
{
    public static Command Password(BackOfficeCli cli)
    {
        var who = new Argument<string>("staff") { Description = "Login, full name or id (see `staff list`)" };
        var fromStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input (the first line); also the default when input is not a terminal" };
        var by = CliOptions.By();
        var cmd = new Command("password", "Set a staff member's password for the web pages (asked twice at a terminal). Lifts a lock-out; open sessions end.")
            { who, fromStdin, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var password = parse.GetValue(fromStdin) || Console.IsInputRedirected ? ReadLine() : Prompt(cli);
            var login = await services.GetRequiredService<StaffPasswords>().SetAsync(parse.GetValue(who)!, password, parse.GetValue(by)!, ct);
            cli.Out.WriteLine($"Password set for {login}.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    public static Command Roles(BackOfficeCli cli)
    {
        var who = new Argument<string>("staff") { Description = "Login, full name or id (see `staff list`)" };
        var set = new Option<string>("--set")
        {
            Description = $"The roles, comma-separated, replacing the present ones: {string.Join(", ", StaffRoles.All)}; `none` takes all away",
            Required = true,
        };
        var by = CliOptions.By();
        var cmd = new Command("roles", "Set what a staff member may open in the web pages.") { who, set, by };
        cmd.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var roles = StaffRoles.Parse(parse.GetValue(set)!);
            var stored = await services.GetRequiredService<StaffAccounts>().SetRolesAsync(parse.GetValue(who)!, roles, parse.GetValue(by)!, ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, new { staff = parse.GetValue(who), roles = stored });
            else cli.Out.WriteLine($"Roles of {parse.GetValue(who)}: {(stored.Length == 0 ? "none" : string.Join(", ", stored))}.");
            return BackOfficeCli.Ok;
        }));
        return cmd;
    }

    static string ReadLine() =>
        Console.In.ReadLine() ?? throw new InvalidInput("password", "No password came on standard input.");

    static string Prompt(BackOfficeCli cli)
    {
        var first = ReadHidden(cli, "Password: ");
        return StaffPasswords.Confirmed(first, ReadHidden(cli, "Again: "));
    }

    static string ReadHidden(BackOfficeCli cli, string prompt)
    {
        cli.Err.Write(prompt);
        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        cli.Err.WriteLine();
        return text.ToString();
    }
}
