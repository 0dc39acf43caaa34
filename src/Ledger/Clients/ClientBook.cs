using System.Globalization;
using System.Net.Mail;
using BackOffice.Ledger.Staff;
using Dapper;
using Npgsql;

namespace BackOffice.Ledger.Clients;

/// <summary>Adds, edits, finds and summarises clients (SPEC §1 "Clients").</summary>
public sealed class ClientBook(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly RefusalCode FirstNameMissing = new("client.first-name-missing");
    public static readonly RefusalCode EmailMissing = new("client.email-missing");
    public static readonly RefusalCode NotAnEmail = new("client.not-an-email");
    public static readonly RefusalCode EmailTaken = new("client.email-taken");
    public static readonly RefusalCode EmailTakenMeanwhile = new("client.email-taken-meanwhile");
    public static readonly RefusalCode CountryMissing = new("client.country-missing");
    public static readonly RefusalCode CountryForm = new("client.country-form");
    public static readonly RefusalCode StatusUnknown = new("client.status-unknown");
    public static readonly RefusalCode NoteEmpty = new("client.note-empty");
    const string SelectClient = """
        select c.*, sm.full_name as sales_manager, pm.full_name as personal_manager, d.name as department
        from clients c
        left join staff sm on sm.id = c.sales_manager_id
        left join staff pm on pm.id = c.personal_manager_id
        left join departments d on d.id = c.department_id
        """;

    public async Task<Client> AddAsync(ClientChanges input, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(input.FirstName))
            throw new InvalidInput(FirstNameMissing, "first-name", "A client needs a first name.");
        if (string.IsNullOrWhiteSpace(input.Email))
            throw new InvalidInput(EmailMissing, "email", "A client needs an email: it is the primary contact (SPEC §1).");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var values = await ResolveAsync(conn, tx, input, exceptClientId: null, ct);
        var columns = values.Keys.ToList();
        var sql = $"insert into clients ({string.Join(", ", columns)}) values ({string.Join(", ", columns.Select(c => "@" + c))}) returning id";
        var id = await InsertGuardedAsync(conn, tx, sql, values, input.Email!, ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    public async Task<Client> GetAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await GetAsync(conn, null, id, ct);
    }

    static async Task<Client> GetAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int id, CancellationToken ct, bool forUpdate = false)
    {
        var sql = SelectClient + " where c.id = @id" + (forUpdate ? " for update of c" : "");
        return await conn.QuerySingleOrDefaultAsync<Client>(new CommandDefinition(sql, new { id }, tx, cancellationToken: ct))
               ?? throw new NotFound(Refusals.ClientMissing, $"There is no client #{id}.");
    }

    /// <summary>
    /// Applies the changes. When contact data changes (email, addresses, phone, КПП, ИНН, company name), the old values
    /// are kept in an important note in the same transaction — the seed's staff did this by hand.
    /// </summary>
    public async Task<Client> EditAsync(int id, ClientChanges changes, string author, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var before = await GetAsync(conn, tx, id, ct, forUpdate: true);
        var values = await ResolveAsync(conn, tx, changes, exceptClientId: id, ct);

        var changed = new Dictionary<string, object?>();
        var oldContact = new List<string>();
        foreach (var (column, value) in values)
        {
            var field = ClientFields.ByColumn[column];
            var old = field.Read(before);
            if (Equals(Normalise(old), Normalise(value))) continue;
            changed[column] = value;
            if (field.IsContact)
                oldContact.Add($"{field.Label}: {Show(old)} → {Show(value)}");
        }
        if (changed.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return before;
        }

        changed["updated_at"] = clock.GetUtcNow().UtcDateTime;
        var sets = string.Join(", ", changed.Keys.Select(c => $"{c} = @{c}"));
        var p = new DynamicParameters(changed);
        p.Add("id", id);
        await UpdateGuardedAsync(conn, tx, $"update clients set {sets} where id = @id", p, changes.Email, id, ct);

        if (oldContact.Count > 0)
        {
            var body = "Изменены контактные данные (прежние значения сохранены):\n" + string.Join("\n", oldContact);
            await conn.ExecuteAsync(new CommandDefinition("""
                insert into client_notes (client_id, author, created_at, body, important)
                values (@id, @author, @at, @body, true)
                """, new { id, author, at = clock.GetUtcNow().UtcDateTime, body }, tx, cancellationToken: ct));
        }
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    /// <summary>Finds clients by id, name, company, email, ИНН or 1C contractor code; and/or by manager (sales or personal:
    /// staff login, name or id) and contractor code exactly. <paramref name="offset"/> skips that many (a page further on).</summary>
    public async Task<IReadOnlyList<Client>> SearchAsync(string? text, int limit = 100, CancellationToken ct = default,
        string? manager = null, string? contractorCode = null, int offset = 0)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = await SearchArgsAsync(conn, text, manager, contractorCode, ct);
        args.Add("limit", limit);
        args.Add("offset", offset);
        return (await conn.QueryAsync<Client>(new CommandDefinition(
            SelectClient + SearchWhere + " order by c.id limit @limit offset @offset", args, cancellationToken: ct))).ToList();
    }

    /// <summary>How many clients <see cref="SearchAsync"/> finds with the same terms, over all pages.</summary>
    public async Task<int> CountAsync(string? text, string? manager = null, string? contractorCode = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var args = await SearchArgsAsync(conn, text, manager, contractorCode, ct);
        return await conn.ExecuteScalarAsync<int>(new CommandDefinition("select count(*)::int from clients c" + SearchWhere, args, cancellationToken: ct));
    }

    const string SearchWhere = """

         where (@managerId::int is null or c.sales_manager_id = @managerId or c.personal_manager_id = @managerId)
           and (@code::text is null or lower(c.contractor_code) = lower(@code))
           and (@q = ''
            or c.id = @id
            or c.inn = @q
            or lower(c.contractor_code) = lower(@q)
            or lower(c.email) like '%' || lower(@q) || '%'
            or lower(c.first_name || ' ' || c.last_name) like '%' || lower(@q) || '%'
            or lower(coalesce(c.company_name, '')) like '%' || lower(@q) || '%')
        """;

    static async Task<DynamicParameters> SearchArgsAsync(NpgsqlConnection conn, string? text, string? manager, string? contractorCode, CancellationToken ct)
    {
        var q = text?.Trim().TrimStart('#') ?? "";
        // The id compared as a number, not c.id::text: the primary key then finds it, and the other terms keep their indexes
        // (trigram and lower(contractor_code), migration 0020) instead of one unindexable term turning the OR into a scan.
        int? id = int.TryParse(q, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        int? managerId = manager is null ? null : await StaffLookup.IdAsync(conn, manager, ct);
        var code = string.IsNullOrWhiteSpace(contractorCode) ? null : contractorCode.Trim();
        return new DynamicParameters(new { q, id, managerId, code });
    }

    public async Task<IReadOnlyList<ClientNote>> NotesAsync(int clientId, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<ClientNote>(new CommandDefinition(
            "select id, client_id, author, created_at, body, important from client_notes where client_id = @clientId order by created_at, id",
            new { clientId }, cancellationToken: ct))).ToList();
    }

    public async Task<ClientNote> AddNoteAsync(int clientId, string body, bool important, string author, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(body)) throw new InvalidInput(NoteEmpty, "text", "A note needs text.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await GetAsync(conn, null, clientId, ct);
        return await conn.QuerySingleAsync<ClientNote>(new CommandDefinition("""
            insert into client_notes (client_id, author, created_at, body, important) values (@clientId, @author, @at, @body, @important)
            returning id, client_id, author, created_at, body, important
            """, new { clientId, author, at = clock.GetUtcNow().UtcDateTime, body, important }, cancellationToken: ct));
    }

    public async Task<ClientSummary> SummaryAsync(int id, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var client = await GetAsync(conn, null, id, ct);
        var byStatus = (await conn.QueryAsync<(string Status, int Count, decimal Sum)>(new CommandDefinition(
            "select status, count(*)::int, coalesce(sum(total), 0) from invoices where client_id = @id and status <> 'draft' group by status",
            new { id }, cancellationToken: ct))).ToDictionary(r => r.Status);
        CountAndSum Of(string s) => byStatus.TryGetValue(s, out var r) ? new(r.Count, r.Sum) : new(0, 0m);
        var income = await conn.ExecuteScalarAsync<decimal>(new CommandDefinition(
            "select coalesce(sum(case when kind = 'payment' then amount else -amount end), 0) from payments where client_id = @id",
            new { id }, cancellationToken: ct));
        var services = (await conn.QueryAsync<ServiceCount>(new CommandDefinition(
            "select status, count(*)::int as count from services where client_id = @id group by status order by status",
            new { id }, cancellationToken: ct))).ToList();
        var (open, total) = await conn.QuerySingleAsync<(int, int)>(new CommandDefinition(
            "select count(*) filter (where status <> 'closed')::int, count(*)::int from tickets where client_id = @id",
            new { id }, cancellationToken: ct));
        var notes = (await NotesAsync(id, ct)).Where(n => n.Important).ToList();
        return new ClientSummary(client, Of("paid"), Of("unpaid"), Of("cancelled"), Of("refunded"), Of("collections"),
            income, client.CreditBalance, services, open, total, notes);
    }

    // Validates and turns the requested changes into column values; staff and departments named by login/name become ids.
    async Task<Dictionary<string, object?>> ResolveAsync(NpgsqlConnection conn, NpgsqlTransaction tx, ClientChanges ch, int? exceptClientId, CancellationToken ct)
    {
        var v = new Dictionary<string, object?>();
        foreach (var f in ClientFields.All)
        {
            var raw = f.Requested(ch);
            if (raw is null) continue;
            v[f.Column] = raw is string s ? (s.Trim().Length == 0 ? null : s.Trim()) : raw;
        }
        if (v.ContainsKey("first_name") && v["first_name"] is null) throw new InvalidInput(FirstNameMissing, "first-name", "The first name cannot be empty.");
        if (v.ContainsKey("last_name")) v["last_name"] ??= "";
        if (v.TryGetValue("email", out var email))
        {
            if (email is not string e || !LooksLikeEmail(e))
                throw new InvalidInput(NotAnEmail, "email", $"'{email}' is not an email address.");
            var owner = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select id from clients where lower(email) = lower(@e) and id <> coalesce(@me, -1)", new { e, me = exceptClientId }, tx, cancellationToken: ct));
            if (owner is not null)
                throw new Conflict(EmailTaken, $"The email {e} is already used by client #{owner}; each client needs an email of its own.");
        }
        if (v.TryGetValue("inn", out var inn) && inn is string i)
        {
            i = Requisites.NormaliseInn(i);
            if (Requisites.InnRefusal(i, "inn") is { } refused) throw refused;
            v["inn"] = i;
        }
        if (v.TryGetValue("kpp", out var kpp) && kpp is string k)
        {
            k = Requisites.NormaliseKpp(k);
            if (Requisites.KppRefusal(k, "kpp") is { } refused) throw refused;
            v["kpp"] = k;
        }
        if (v.TryGetValue("country", out var country) && country is null)
            throw new InvalidInput(CountryMissing, "country", "A client needs a country: a two-letter code (RU, KZ…).");
        if (country is string cc)
        {
            if (cc.Length != 2) throw new InvalidInput(CountryForm, "country", $"The country is a two-letter code (RU, KZ…), not '{cc}'.");
            v["country"] = cc.ToUpperInvariant();
        }
        if (v.TryGetValue("status", out var status) && status is not ("active" or "inactive" or "closed"))
            throw new InvalidInput(StatusUnknown, "status", $"The status is active, inactive or closed, not '{status}'.");
        await ResolveStaffAsync(conn, tx, v, "sales_manager_id", ct);
        await ResolveStaffAsync(conn, tx, v, "personal_manager_id", ct);
        if (v.TryGetValue("department_id", out var dep) && dep is string depName)
            v["department_id"] = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                    "select id from departments where lower(name) = lower(@depName)", new { depName }, tx, cancellationToken: ct))
                ?? throw new NotFound(Refusals.DepartmentMissing, $"There is no department '{depName}'. `backoffice staff list` shows them.");
        return v;
    }

    static async Task ResolveStaffAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Dictionary<string, object?> v, string column, CancellationToken ct)
    {
        if (!v.TryGetValue(column, out var who) || who is not string login) return;
        v[column] = await conn.ExecuteScalarAsync<int?>(new CommandDefinition(
                "select id from staff where lower(login) = lower(@login) or lower(full_name) = lower(@login)", new { login }, tx, cancellationToken: ct))
            ?? throw new NotFound(Refusals.StaffMissing, $"There is no staff member '{login}'. `backoffice staff list` shows them.");
    }

    static async Task<int> InsertGuardedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, Dictionary<string, object?> values, string email, CancellationToken ct)
    {
        try
        {
            return await conn.ExecuteScalarAsync<int>(new CommandDefinition(sql, new DynamicParameters(values), tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "clients_email_unique")
        {
            // Another session took the address between our check and the insert: the constraint has the last word.
            throw new Conflict(EmailTakenMeanwhile, $"The email {email.Trim()} is already used by another client; each client needs an email of its own.");
        }
    }

    static async Task UpdateGuardedAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, DynamicParameters p, string? email, int id, CancellationToken ct)
    {
        try
        {
            await conn.ExecuteAsync(new CommandDefinition(sql, p, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "clients_email_unique")
        {
            throw new Conflict(EmailTakenMeanwhile, $"The email {email?.Trim()} is already used by another client than #{id}; each client needs an email of its own.");
        }
    }

    static bool LooksLikeEmail(string e) =>
        MailAddress.TryCreate(e, out var a) && a.Address == e && e.Contains('.', StringComparison.Ordinal);

    static object? Normalise(object? v) => v switch
    {
        string s when s.Length == 0 => null,
        _ => v,
    };

    static string Show(object? v) => v switch
    {
        null => "—",
        DateOnly d => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "—",
    };
}
