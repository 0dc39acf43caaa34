using Dapper;
using MySqlConnector;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>Ticket departments, admins (as staff, without passwords) and client groups. A name the ledger already has is adopted.</summary>
static class DirectoryImport
{
    sealed record Department(long Id, string Name, string? Email);
    sealed record Admin(long Id, string Login, string FullName, string? Email, bool Active, long? FirstDepartment);
    sealed record Group(long Id, string Name);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx)
    {
        var ct = run.Ct;
        var departments = await ListAsync(src, "select id, name, email from tblticketdepartments order by id",
            r => new Department(Long(r, 0), Text(r, 1), TextOrNull(r, 2)), ct);
        await ImportAsync(run, "department", departments, d => d.Id, cx.Departments, [], async (c, tx, d, existing) =>
        {
            if (existing is { } id)
            {
                await c.ExecuteAsync(new CommandDefinition("update departments set name = @Name, email = @Email where id = @id", new { d.Name, d.Email, id }, tx, cancellationToken: ct));
                return id;
            }
            return await c.ExecuteScalarAsync<long?>(new CommandDefinition("select id from departments where lower(name) = lower(@Name)", d, tx, cancellationToken: ct))
                   ?? await c.ExecuteScalarAsync<long>(new CommandDefinition(
                       "insert into departments (name, email) values (@Name, @Email) returning id", d, tx, cancellationToken: ct));
        });

        // Passwords (md5 or passwordhash) are never read.
        var admins = await ListAsync(src, "select id, username, firstname, lastname, email, disabled, supportdepts from tbladmins order by id",
            r => new Admin(Long(r, 0), Text(r, 1), $"{Text(r, 2)} {Text(r, 3)}".Trim(), TextOrNull(r, 4), Long(r, 5) == 0,
                Text(r, 6).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => long.TryParse(s, out var v) ? v : 0).FirstOrDefault(v => v > 0) is var f and > 0 ? f : null), ct);
        foreach (var a in admins) cx.AdminNames[a.Id] = a.FullName;
        var problems = new List<ImportProblem>();
        await ImportAsync(run, "staff", admins, a => a.Id, cx.Staff, problems, async (c, tx, a, existing) =>
        {
            long? department = a.FirstDepartment is { } d && cx.Departments.TryGetValue(d, out var dep) ? dep : null;
            var id = existing ?? await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "select id from staff where lower(login) = lower(@Login)", a, tx, cancellationToken: ct));
            var email = a.Email;
            if (email is not null && await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                    "select exists (select 1 from staff where lower(email) = lower(@email) and id <> coalesce(@id, -1))", new { email, id }, tx, cancellationToken: ct)))
            {
                problems.Add(new ImportProblem("staff", a.Id, "email_taken", true, $"admin {a.Login}: {email} is another staff member's email; imported without it"));
                email = null;
            }
            if (id is { } known)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    update staff set full_name = @FullName, email = @email, active = @Active, department_id = coalesce(@department, department_id) where id = @known
                    """, new { a.FullName, email, a.Active, department, known }, tx, cancellationToken: ct));
                return known;
            }
            return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into staff (login, full_name, email, department_id, active) values (@Login, @FullName, @email, @department, @Active) returning id
                """, new { a.Login, a.FullName, email, department, a.Active }, tx, cancellationToken: ct));
        });
        foreach (var a in admins)
            if (cx.Staff.TryGetValue(a.Id, out var s) && a.FullName.Length > 0) cx.StaffByName[a.FullName] = s;

        var groups = await ListAsync(src, "select id, groupname from tblclientgroups order by id", r => new Group(Long(r, 0), Text(r, 1)), ct);
        await ImportAsync(run, "group", groups, g => g.Id, cx.Groups, [], async (c, tx, g, existing) =>
        {
            if (existing is { } id)
            {
                await c.ExecuteAsync(new CommandDefinition("update client_groups set name = @Name where id = @id", new { g.Name, id }, tx, cancellationToken: ct));
                return id;
            }
            return await c.ExecuteScalarAsync<long?>(new CommandDefinition("select id from client_groups where lower(name) = lower(@Name)", g, tx, cancellationToken: ct))
                   ?? await c.ExecuteScalarAsync<long>(new CommandDefinition("insert into client_groups (name) values (@Name) returning id", g, tx, cancellationToken: ct));
        });
    }

    /// <summary>Small tables: one chunk; a row whose hash is unchanged is left alone.</summary>
    static async Task ImportAsync<T>(ImportRun run, string kind, List<T> rows, Func<T, long> whmcsId, Dictionary<long, long> map, List<ImportProblem> problems,
        Func<Npgsql.NpgsqlConnection, Npgsql.NpgsqlTransaction, T, long?, Task<long>> write) where T : notnull
    {
        var links = await run.LinksAsync(kind);
        var count = run.Count(kind);
        var changed = new List<(T Row, byte[] Hash, long? Existing)>();
        foreach (var row in rows)
        {
            count.Read++;
            var hash = ImportRun.Hash(row);
            if (links.TryGetValue(whmcsId(row), out var link))
            {
                map[whmcsId(row)] = link.LocalId;
                if (ImportRun.Same(link.Hash, hash)) { count.Unchanged++; continue; }
                changed.Add((row, hash, link.LocalId));
            }
            else changed.Add((row, hash, null));
        }
        if (changed.Count == 0) return;
        await run.ChunkAsync(async (c, tx) =>
        {
            var saved = new List<(long, long, byte[])>();
            foreach (var (row, hash, existing) in changed)
            {
                var local = await write(c, tx, row, existing);
                map[whmcsId(row)] = local;
                saved.Add((whmcsId(row), local, hash));
                if (existing is null) count.Added++; else count.Updated++;
            }
            await run.SaveLinksAsync(c, tx, kind, saved);
            await run.SaveProblemsAsync(c, tx, kind, saved.Select(x => x.Item1).ToList(), problems);
        });
    }
}
