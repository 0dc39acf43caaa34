using BackOffice.Ledger.Staff;
using Dapper;
using Microsoft.Playwright;

namespace BackOffice.Web.Tests;

/// <summary>The admin's /Staff pages: add a member, his roles, deactivate, unlock, a password; what is refused; who may open them.</summary>
public sealed class StaffPagesTests(WebSite site)
{
    async Task<string> RowAsync(int id)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("select row(s.*)::text from staff s where id = @id", new { id }) ?? "";
    }

    async Task<List<(string Change, string By)>> ChangesAsync(int staffId)
    {
        await using var conn = await site.Db.OpenConnectionAsync();
        return (await conn.QueryAsync<(string, string)>(
            "select change, changed_by from staff_changes where staff_id = @staffId order by id", new { staffId })).ToList();
    }

    Task<long> ChangesByAsync(string login) => site.ScalarAsync("select count(*) from staff_changes where changed_by = @login", new { login });

    static async Task FillNewMemberAsync(IPage page, string login, string name, string password, string again, params string[] roles)
    {
        var form = page.Locator("#add-staff");
        await form.Locator("#login").FillAsync(login);
        await form.Locator("#full-name").FillAsync(name);
        foreach (var role in roles) await form.Locator($"input[name='Form.Roles'][value='{role}']").CheckAsync();
        await form.Locator("#password").FillAsync(password);
        await form.Locator("#password-again").FillAsync(again);
    }

    [Fact(Timeout = 180_000)]
    public async Task An_admin_adds_a_member_gives_him_roles_and_he_signs_in_to_what_they_open()
    {
        var admin = await site.StaffAsync(StaffRoles.Admin);
        var page = await site.SignedInAsync(admin);
        await page.ClickAsync("nav a[href$='/Staff']");
        var login = "new" + Guid.NewGuid().ToString("N")[..8];

        await FillNewMemberAsync(page, login, "Казначеева Анна", "казна-пароль-1", "казна-пароль-1", StaffRoles.Treasury);
        await page.ClickAsync("#add-staff button[type=submit]");

        Assert.Equal($"Сотрудник {login} добавлен: он может войти с заданным паролем.", await page.InnerTextAsync("#notice"));
        var row = page.Locator($"#staff tr[data-login='{login}']");
        Assert.Equal("казначейство", await row.Locator("td.roles").InnerTextAsync());
        Assert.Equal("активен", await row.Locator("td.state").InnerTextAsync());
        var id = (int)await site.ScalarAsync("select id from staff where login = @login and roles = array['treasury'] and active and password_hash is not null", new { login });
        Assert.Equal(new[] { ("added, roles: treasury", admin.Login), ("password set", admin.Login) }, await ChangesAsync(id));
        Assert.Contains("добавлен, роли: казначейство", await page.InnerTextAsync("#changes"));

        // His page: support besides treasury.
        await row.Locator("a").ClickAsync();
        await page.Locator("#roles-form input[value='support']").CheckAsync();
        await page.ClickAsync("#roles-form button[type=submit]");
        Assert.Equal("Роли сохранены.", await page.InnerTextAsync("#notice"));
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @id and roles = array['support', 'treasury']", new { id }));
        Assert.Equal(("roles: treasury → support, treasury", admin.Login), (await ChangesAsync(id))[^1]);
        await site.ShotAsync(page, "staff-member");

        // He signs in and opens what his roles open, and nothing else.
        var member = await site.SignedInAsync(new StaffLogin(id, login, "казна-пароль-1"));
        Assert.Equal(1, await member.Locator("nav a[href$='/Treasury']").CountAsync());
        Assert.Equal(0, await member.Locator("nav a[href$='/Staff']").CountAsync());
        Assert.Equal(200, (await member.GotoAsync(site.Url("/Treasury")))!.Status);
        Assert.Equal(200, (await member.GotoAsync(site.Url("/Tickets")))!.Status);
        Assert.Equal(403, (await member.GotoAsync(site.Url("/Accounting")))!.Status);
        Assert.Equal(403, (await member.GotoAsync(site.Url("/Staff")))!.Status);
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @id and last_signed_in_at is not null", new { id }));

        // Deactivated, his open session ends at his next click; reactivated, he signs in again.
        await page.ClickAsync("#active-form button");
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @id and not active", new { id }));
        await member.GotoAsync(site.Url("/Treasury"));
        Assert.Contains("/login", member.Url);
        Assert.Equal(0, await member.Locator("#current-staff").CountAsync());
        await page.ClickAsync("#active-form button");
        Assert.Equal("Сотрудник снова может входить.", await page.InnerTextAsync("#notice"));
        Assert.Equal(new[] { ("deactivated", admin.Login), ("reactivated", admin.Login) }, (await ChangesAsync(id)).TakeLast(2));
        Assert.NotNull(await site.SignedInAsync(new StaffLogin(id, login, "казна-пароль-1")));

        await page.GotoAsync(site.Url("/Staff"));
        await site.ShotAsync(page, "staff");
    }

    [Fact(Timeout = 180_000)]
    public async Task A_locked_out_member_is_unlocked_and_given_a_new_password_by_the_admin()
    {
        var admin = await site.StaffAsync(StaffRoles.Admin);
        var member = await site.StaffAsync(StaffRoles.Support);
        await site.ScalarAsync("update staff set locked_until = now() + interval '1 hour' where id = @Id", new { member.Id });
        var page = await site.SignedInAsync(admin);
        await page.GotoAsync(site.Url("/Staff"));
        Assert.StartsWith("заблокирован до", await page.Locator($"#staff tr[data-login='{member.Login}'] td.lock").InnerTextAsync());

        await page.GotoAsync(site.Url($"/Staff/{member.Id}"));
        await page.ClickAsync("#unlock-form button");
        Assert.Equal("Блокировка снята.", await page.InnerTextAsync("#notice"));
        Assert.Equal(0, await page.Locator("#unlock-form").CountAsync());
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @Id and locked_until is null", new { member.Id }));
        Assert.NotNull(await site.SignedInAsync(member)); // his own password still works

        await page.FillAsync("#password-form #password", "другой-пароль-2");
        await page.FillAsync("#password-form #password-again", "другой-пароль-2");
        await page.ClickAsync("#password-form button[type=submit]");
        Assert.StartsWith("Пароль задан", await page.InnerTextAsync("#notice"));
        Assert.NotNull(await site.SignedInAsync(member with { Password = "другой-пароль-2" }));
        var old = await site.PageAsync();
        await site.SignInAsync(old, member.Login, member.Password);
        Assert.Equal(0, await old.Locator("#current-staff").CountAsync());
        Assert.Equal(new[] { ("unlocked", admin.Login), ("password set", admin.Login) }, (await ChangesAsync(member.Id)).TakeLast(2));
    }

    public static TheoryData<string, string, string, string, string> RefusedMembers => new()
    {
        // login ("TAKEN": an existing member's, in capitals), a role to forge into a checkbox, password, again, the error
        { "TAKEN", "", "пароль-пароль", "пароль-пароль", "уже занят" },
        { "", "", "пароль-пароль", "пароль-пароль", "Укажите логин." },
        { "fresh", "cashier", "пароль-пароль", "пароль-пароль", "Неизвестная роль «cashier»" },
        { "fresh", "", "short", "short", "Пароль — не короче 8 символов." },
        { "fresh", "", "пароль-пароль", "пароль-другой", "Пароли не совпадают" },
    };

    [Theory(Timeout = 180_000)]
    [MemberData(nameof(RefusedMembers))]
    public async Task A_refused_new_member_shows_the_error_and_adds_nobody(string login, string forgedRole, string password, string again, string error)
    {
        var admin = await site.StaffAsync(StaffRoles.Admin);
        var existing = await site.StaffAsync(StaffRoles.Support);
        login = login switch { "TAKEN" => existing.Login.ToUpperInvariant(), "fresh" => "fresh" + Guid.NewGuid().ToString("N")[..8], _ => login };
        var name = "Отказ " + Guid.NewGuid().ToString("N")[..8];
        var existingRow = await RowAsync(existing.Id);
        var page = await site.SignedInAsync(admin);
        await page.GotoAsync(site.Url("/Staff"));

        await FillNewMemberAsync(page, login, name, password, again, StaffRoles.Support);
        if (forgedRole != "")
            await page.Locator("#add-staff input[value='support']").EvaluateAsync("(e, role) => e.value = role", forgedRole);
        await page.ClickAsync("#add-staff button[type=submit]");

        Assert.Contains(error, await page.InnerTextAsync("#error"));
        Assert.Equal(0, await site.ScalarAsync("select count(*) from staff where full_name = @name or (@login <> '' and login = @login)", new { name, login }));
        Assert.Equal(existingRow, await RowAsync(existing.Id));
        Assert.Equal(0, await ChangesByAsync(admin.Login));
        Assert.Equal(name, await page.InputValueAsync("#full-name")); // what he typed is still there to correct
    }

    [Fact(Timeout = 180_000)]
    public async Task An_admin_puts_a_new_member_in_a_department_and_one_that_does_not_exist_adds_nobody()
    {
        var admin = await site.StaffAsync(StaffRoles.Admin);
        var page = await site.SignedInAsync(admin);
        await page.GotoAsync(site.Url("/Staff"));
        var login = "dept" + Guid.NewGuid().ToString("N")[..8];
        await FillNewMemberAsync(page, login, "Отделова Мария", "отдел-пароль-1", "отдел-пароль-1", StaffRoles.Support);
        await page.SelectOptionAsync("#add-staff #department", new SelectOptionValue { Label = "Техническая поддержка" });
        await page.ClickAsync("#add-staff button[type=submit]");

        Assert.StartsWith($"Сотрудник {login} добавлен", await page.InnerTextAsync("#notice"));
        Assert.Equal("Техническая поддержка", await page.Locator($"#staff tr[data-login='{login}'] td").Nth(2).InnerTextAsync());
        var id = (int)await site.ScalarAsync(
            "select s.id from staff s join departments d on d.id = s.department_id where s.login = @login and d.name = 'Техническая поддержка'", new { login });
        Assert.Equal(("added, roles: support; department: Техническая поддержка", admin.Login), (await ChangesAsync(id))[0]);
        Assert.Contains("добавлен, роли: поддержка; отдел: Техническая поддержка", await page.InnerTextAsync("#changes"));

        // A department removed since the page was shown (here: an option forged to one that never existed).
        var other = "dept" + Guid.NewGuid().ToString("N")[..8];
        var changes = await ChangesByAsync(admin.Login);
        await FillNewMemberAsync(page, other, "Безотделова Мария", "отдел-пароль-1", "отдел-пароль-1", StaffRoles.Support);
        await page.Locator("#add-staff #department option").Nth(1).EvaluateAsync("e => e.value = '99999'");
        await page.SelectOptionAsync("#add-staff #department", "99999");
        await page.ClickAsync("#add-staff button[type=submit]");
        Assert.Equal("Никто не добавлен. Отдела «99999» нет.", await page.InnerTextAsync("#error"));
        Assert.Equal(0, await site.ScalarAsync("select count(*) from staff where login = @other or full_name = 'Безотделова Мария'", new { other }));
        Assert.Equal(changes, await ChangesByAsync(admin.Login));
    }

    [Fact(Timeout = 180_000)]
    public async Task An_admin_cannot_take_his_own_admin_role_nor_deactivate_himself()
    {
        var admin = await site.StaffAsync(StaffRoles.Admin, StaffRoles.Support);
        var page = await site.SignedInAsync(admin);
        var before = await RowAsync(admin.Id); // signed in: his last sign-in is part of the row
        await page.GotoAsync(site.Url($"/Staff/{admin.Id}"));

        await page.Locator("#roles-form input[value='admin']").UncheckAsync();
        await page.ClickAsync("#roles-form button[type=submit]");
        Assert.Equal("Ничего не изменено. Нельзя снять роль администратора с самого себя: это может сделать другой администратор.",
            await page.InnerTextAsync("#error"));

        await page.ClickAsync("#active-form button");
        Assert.Equal("Ничего не изменено. Нельзя отключить самого себя: это может сделать другой администратор.", await page.InnerTextAsync("#error"));

        Assert.Equal(before, await RowAsync(admin.Id));
        Assert.Equal(0, await ChangesByAsync(admin.Login));
        Assert.Equal(200, (await page.GotoAsync(site.Url("/Staff")))!.Status); // still an admin, still signed in

        // Another admin may.
        var other = await site.SignedInAsync(await site.StaffAsync(StaffRoles.Admin));
        await other.GotoAsync(site.Url($"/Staff/{admin.Id}"));
        await other.Locator("#roles-form input[value='admin']").UncheckAsync();
        await other.ClickAsync("#roles-form button[type=submit]");
        Assert.Equal(1, await site.ScalarAsync("select count(*) from staff where id = @Id and roles = array['support']", new { admin.Id }));
    }

    [Theory(Timeout = 180_000)]
    [InlineData("short", "short", "Пароль — не короче 8 символов.")]
    [InlineData("пароль-один", "пароль-два", "Пароли не совпадают")]
    public async Task A_refused_password_on_the_members_page_changes_nothing(string password, string again, string error)
    {
        var admin = await site.StaffAsync(StaffRoles.Admin);
        var member = await site.StaffAsync(StaffRoles.Support);
        var before = await RowAsync(member.Id);
        var page = await site.SignedInAsync(admin);
        await page.GotoAsync(site.Url($"/Staff/{member.Id}"));

        await page.FillAsync("#password-form #password", password);
        await page.FillAsync("#password-form #password-again", again);
        await page.ClickAsync("#password-form button[type=submit]");

        Assert.Contains(error, await page.InnerTextAsync("#error"));
        Assert.Equal(before, await RowAsync(member.Id));
        Assert.Equal(0, await ChangesByAsync(admin.Login));
    }

    [Theory(Timeout = 120_000)]
    [InlineData(StaffRoles.Support)]
    [InlineData(StaffRoles.Treasury)]
    [InlineData(StaffRoles.Manager)]
    [InlineData(StaffRoles.Accountant)]
    public async Task Nobody_but_an_admin_opens_the_staff_pages(string role)
    {
        var who = await site.StaffAsync(role);
        var page = await site.SignedInAsync(who);
        Assert.Equal(403, (await page.GotoAsync(site.Url("/Staff")))!.Status);
        Assert.Equal(403, (await page.GotoAsync(site.Url($"/Staff/{who.Id}")))!.Status);
        Assert.Equal(0, await page.Locator("nav a[href$='/Staff']").CountAsync());
    }
}
