using System.CommandLine;
using BackOffice.Ledger.Organisations;
using BackOffice.Ledger.Staff;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace BackOffice.Worker.Cli;

static class DirectoryVerbs
{
    public static Command Staff(BackOfficeCli cli)
    {
        var staff = new Command("staff", "Staff and departments.");
        var list = new Command("list", "List staff members and departments.");
        list.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var dir = services.GetRequiredService<StaffDirectory>();
            var people = await dir.ListAsync(ct);
            var departments = await dir.DepartmentsAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, new { staff = people, departments });
                return BackOfficeCli.Ok;
            }
            var console = CliOutput.Console(cli.Out);
            var t = new Table().AddColumns("Id", "Login", "Name", "Department", "Sales", "Personal", "Email", "Roles");
            foreach (var p in people)
                t.AddRow(p.Id.ToString(), CliOutput.Text(p.Login), CliOutput.Text(p.FullName), CliOutput.Text(p.Department),
                    p.IsSalesManager ? "yes" : "", p.IsPersonalManager ? "yes" : "", CliOutput.Text(p.Email), CliOutput.Text(string.Join(", ", p.Roles)));
            console.Write(t);
            var d = new Table().AddColumns("Id", "Department", "Email", "Staff");
            foreach (var dep in departments) d.AddRow(dep.Id.ToString(), CliOutput.Text(dep.Name), CliOutput.Text(dep.Email), dep.StaffCount.ToString());
            console.Write(d);
            return BackOfficeCli.Ok;
        }));
        staff.Add(list);
        staff.Add(StaffAccess.Password(cli));
        staff.Add(StaffAccess.Roles(cli));
        staff.Add(StaffAccountVerbs.Add(cli));
        staff.Add(StaffAccountVerbs.Active(cli, active: false));
        staff.Add(StaffAccountVerbs.Active(cli, active: true));
        staff.Add(StaffAccountVerbs.Unlock(cli));
        staff.Add(StaffAccountVerbs.Changes(cli));
        return staff;
    }

    public static Command Organisations(BackOfficeCli cli)
    {
        var org = new Command("org", "The legal entities that issue invoices.");
        var list = new Command("list", "List organisations with their requisites, VAT mode and bank accounts.");
        list.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var orgs = await services.GetRequiredService<OrganisationBook>().ListAsync(ct);
            if (parse.GetValue(BackOfficeCli.Json))
            {
                CliOutput.WriteJson(cli.Out, orgs);
                return BackOfficeCli.Ok;
            }
            var t = new Table().AddColumns("Id", "Code", "Name", "ИНН", "КПП", "VAT", "Payment method", "Accounts");
            foreach (var o in orgs)
                t.AddRow(o.Id.ToString(), CliOutput.Text(o.Code), CliOutput.Text(o.FullName), o.Inn, CliOutput.Text(o.Kpp),
                    o.VatMode == "none" ? "без НДС" : "НДС", CliOutput.Text(o.PaymentMethod),
                    CliOutput.Text(string.Join(", ", o.BankAccounts.Select(a => $"{a.Account} ({a.BankName})"))));
            CliOutput.Console(cli.Out).Write(t);
            return BackOfficeCli.Ok;
        }));
        org.Add(list);
        org.Add(Account(cli));
        return org;
    }

    /// <summary>`org account add ORG --account … --bik … --bank …`: treasury adds a settlement account so its statements import.</summary>
    static Command Account(BackOfficeCli cli)
    {
        var organisation = new Argument<string>("org") { Description = "The organisation's code or id (see `org list`)" };
        var account = new Option<string>("--account") { Description = "Settlement account, 20 digits", Required = true };
        var bik = new Option<string>("--bik") { Description = "The bank's БИК, 9 digits", Required = true };
        var bank = new Option<string>("--bank") { Description = "The bank's name", Required = true };
        var corr = new Option<string?>("--corr-account") { Description = "The bank's correspondent account, 20 digits" };
        var add = new Command("add", "Add a settlement account to an organisation; statements for it can then be imported.")
            { organisation, account, bik, bank, corr };
        add.SetAction((parse, ct) => cli.WithDatabaseAsync(parse, ct, async services =>
        {
            var added = await services.GetRequiredService<OrganisationBook>().AddAccountAsync(parse.GetValue(organisation)!,
                new BankAccount(parse.GetValue(account)!, parse.GetValue(bik)!, parse.GetValue(bank)!, parse.GetValue(corr)), ct);
            if (parse.GetValue(BackOfficeCli.Json)) CliOutput.WriteJson(cli.Out, added);
            else cli.Out.WriteLine($"Account {added.Account} ({added.BankName}, БИК {added.Bic}) added to {parse.GetValue(organisation)}.");
            return BackOfficeCli.Ok;
        }));
        var cmd = new Command("account", "The organisations' bank accounts.");
        cmd.Add(add);
        return cmd;
    }
}
