using BackOffice.Ledger.Clients;
using Dapper;
using MySqlConnector;
using Npgsql;
using static BackOffice.Import.Whmcs.WhmcsSource;

namespace BackOffice.Import.Whmcs;

/// <summary>
/// Clients with their ids, custom fields (ИНН, КПП, Union code, manager), contacts and notes. A client is never dropped for
/// imperfect data: an ИНН failing its check digits is kept and flagged; a malformed one, an email another client holds or a
/// currency other than roubles is flagged and the client imported without that value.
/// </summary>
static class ClientImport
{
    sealed record Row(long Id, string FirstName, string LastName, string? Company, string Email, string? Address1, string? Address2, string? City,
        string? Region, string? Postcode, string Country, string? Phone, string Currency, decimal Credit, bool TaxExempt, bool NoLateFee,
        bool NoNotices, bool SeparateInvoices, DateOnly? Created, string? Notes, long GroupId, string Status,
        string? Inn, string? Kpp, string? ContractorCode, string? Manager);

    sealed record Contact(long Id, long ClientId, string Name, string? Email, string? Phone, bool Invoices, bool Support);
    sealed record Note(long Id, long ClientId, long AdminId, DateTime? Created, string Body, bool Important);

    public static async Task RunAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var ct = run.Ct;
        var fields = await CustomValuesAsync(src, cx, ct);
        string? Field(long client, string key) => cx.CustomFieldIds.TryGetValue(key, out var f) && fields.TryGetValue((f, client), out var v) ? v : null;
        var rows = await ListAsync(src, """
            select c.id, c.firstname, c.lastname, c.companyname, c.email, c.address1, c.address2, c.city, c.state, c.postcode, c.country,
                   c.phonenumber, coalesce(cur.code, ''), c.credit, c.taxexempt, c.latefeeoveride, c.overideduenotices, c.separateinvoices,
                   c.datecreated, c.notes, c.groupid, c.status
            from tblclients c left join tblcurrencies cur on cur.id = c.currency
            order by c.id
            """, r => new Row(Long(r, 0), Text(r, 1), Text(r, 2), TextOrNull(r, 3), Text(r, 4), TextOrNull(r, 5), TextOrNull(r, 6), TextOrNull(r, 7),
            TextOrNull(r, 8), TextOrNull(r, 9), Text(r, 10).ToUpperInvariant(), TextOrNull(r, 11), Text(r, 12).ToUpperInvariant(), Money(r, 13),
            Flag(r, 14), Flag(r, 15), Flag(r, 16), Flag(r, 17), Date(r, 18), TextOrNull(r, 19), Long(r, 20), Text(r, 21).ToLowerInvariant(),
            null, null, null, null), ct);
        rows = rows.Select(r => r with
        {
            Inn = Field(r.Id, "Inn"), Kpp = Field(r.Id, "Kpp"), ContractorCode = Field(r.Id, "ContractorCode"), Manager = Field(r.Id, "Manager"),
        }).ToList();

        var links = await run.LinksAsync("client");
        var emails = await run.ReadAsync(async (c, tx) => (await c.QueryAsync<(string, long)>(new CommandDefinition(
            "select lower(email), id from clients", transaction: tx, cancellationToken: ct))).ToDictionary(x => x.Item1, x => x.Item2));

        var count = run.Count("client");
        foreach (var chunk in rows.Chunk(chunkSize))
        {
            var changed = new List<(Row Row, byte[] Hash, bool Exists)>();
            foreach (var r in chunk)
            {
                count.Read++;
                cx.Clients[r.Id] = (r.Currency, r.Email);
                var hash = ImportRun.Hash(r);
                if (links.TryGetValue(r.Id, out var link) && ImportRun.Same(link.Hash, hash)) { count.Unchanged++; continue; }
                changed.Add((r, hash, links.ContainsKey(r.Id)));
            }
            if (changed.Count == 0)
            {
                run.Report();
                continue;
            }
            await run.ChunkAsync(async (c, tx) =>
            {
                var problems = new List<ImportProblem>();
                foreach (var (r, _, exists) in changed)
                {
                    await WriteAsync(c, tx, r, exists, cx, emails, problems, ct);
                    if (exists) count.Updated++; else count.Added++;
                }
                await run.SaveLinksAsync(c, tx, "client", changed.Select(x => (x.Row.Id, x.Row.Id, x.Hash)).ToList());
                await run.SaveProblemsAsync(c, tx, "client", changed.Select(x => x.Row.Id).ToList(), problems);
                // Ids were kept: the ledger's own next client continues after the highest.
                await c.ExecuteAsync(new CommandDefinition(
                    "select setval(pg_get_serial_sequence('clients', 'id'), greatest((select max(id) from clients), 1))", transaction: tx, cancellationToken: ct));
            });
        }

        await ContactsAsync(run, src, cx, chunkSize);
        await NotesAsync(run, src, cx, chunkSize);
    }

    static async Task WriteAsync(NpgsqlConnection c, NpgsqlTransaction tx, Row r, bool exists, ImportContext cx,
        Dictionary<string, long> emails, List<ImportProblem> problems, CancellationToken ct)
    {
        void Flag(string problem, string detail) => problems.Add(new ImportProblem("client", r.Id, problem, true, $"client #{r.Id}: {detail}"));

        var email = r.Email.Trim();
        if (email.Length == 0 || !email.Contains('@') || email.StartsWith('@') || email.EndsWith('@'))
        {
            Flag("email_invalid", $"'{email}' is not an email address; imported as whmcs-{r.Id}@import.invalid until someone sets the right one");
            email = $"whmcs-{r.Id}@import.invalid";
        }
        else if (emails.TryGetValue(email.ToLowerInvariant(), out var owner) && owner != r.Id)
        {
            Flag("email_taken", $"{email} is also client #{owner}'s email (BackOffice needs one per client); imported as whmcs-{r.Id}@import.invalid");
            email = $"whmcs-{r.Id}@import.invalid";
        }
        emails[email.ToLowerInvariant()] = r.Id;

        var inn = r.Inn is { } i ? Requisites.NormaliseInn(i) : null;
        if (inn is not null && Requisites.InnProblem(inn) is { } innProblem)
        {
            if (inn.Length is 10 or 12 && inn.All(char.IsAsciiDigit)) Flag("inn_check_digits", innProblem);
            else
            {
                Flag("inn_malformed", innProblem + " Imported without an ИНН.");
                inn = null;
            }
        }
        var kpp = r.Kpp is { } k ? Requisites.NormaliseKpp(k) : null;
        if (kpp is not null && Requisites.KppProblem(kpp) is { } kppProblem)
        {
            Flag("kpp_malformed", kppProblem + " Imported without a КПП.");
            kpp = null;
        }
        long? manager = null;
        if (r.Manager is { } m)
        {
            if (cx.StaffByName.TryGetValue(m, out var s)) manager = s;
            else Flag("manager_unknown", $"the manager '{m}' is no WHMCS admin; imported without a manager");
        }
        var country = r.Country;
        if (country.Length != 2)
        {
            Flag("country", $"country '{country}' is not a two-letter code; imported as RU");
            country = "RU";
        }
        if (r.Currency != "RUB")
            Flag("currency", $"the client pays in {(r.Currency.Length > 0 ? r.Currency : "an unknown currency")}, not roubles; its invoices and payments are not taken");
        var credit = r.Credit;
        if (credit < 0)
        {
            Flag("credit_negative", $"credit balance {credit} is below zero; imported as 0");
            credit = 0;
        }
        var status = r.Status is "active" or "inactive" or "closed" ? r.Status : "active";
        long? group = r.GroupId > 0 && cx.Groups.TryGetValue(r.GroupId, out var g) ? g : null;
        var created = r.Created is { } d ? ImportContext.Utc(d.ToDateTime(TimeOnly.MinValue)) : (DateTime?)null;

        await c.ExecuteAsync(new CommandDefinition("""
            insert into clients (id, first_name, last_name, company_name, email, phone, address1, address2, city, region, postcode, country,
                inn, kpp, contractor_code, sales_manager_id, client_group_id, no_late_fee, no_overdue_notices, tax_exempt, separate_invoices,
                status, currency, credit_balance, admin_notes, created_at, updated_at)
            values (@Id, @first, @LastName, @Company, @email, @Phone, @Address1, @Address2, @City, @Region, @Postcode, @country,
                @inn, @kpp, @ContractorCode, @manager, @group, @NoLateFee, @NoNotices, @TaxExempt, @SeparateInvoices,
                @status, @currency, @credit, @Notes, coalesce(@created, now()), now())
            on conflict (id) do update set first_name = excluded.first_name, last_name = excluded.last_name, company_name = excluded.company_name,
                email = excluded.email, phone = excluded.phone, address1 = excluded.address1, address2 = excluded.address2, city = excluded.city,
                region = excluded.region, postcode = excluded.postcode, country = excluded.country, inn = excluded.inn, kpp = excluded.kpp,
                contractor_code = excluded.contractor_code, sales_manager_id = excluded.sales_manager_id, client_group_id = excluded.client_group_id,
                no_late_fee = excluded.no_late_fee, no_overdue_notices = excluded.no_overdue_notices, tax_exempt = excluded.tax_exempt,
                separate_invoices = excluded.separate_invoices, status = excluded.status, currency = excluded.currency,
                credit_balance = excluded.credit_balance, admin_notes = excluded.admin_notes, updated_at = now()
            """, new
        {
            r.Id, first = r.FirstName.Length > 0 ? r.FirstName : (r.Company ?? $"Клиент {r.Id}"), r.LastName, r.Company, email, r.Phone,
            r.Address1, r.Address2, r.City, r.Region, r.Postcode, country, inn, kpp, r.ContractorCode, manager, group,
            r.NoLateFee, r.NoNotices, r.TaxExempt, r.SeparateInvoices, status, currency = r.Currency.Length == 3 ? r.Currency : "RUB", credit, r.Notes, created,
        }, tx, cancellationToken: ct));
    }

    /// <summary>(field id, client id) → value, for the client fields the configuration names. Duplicates (no key before 7.2): the first non-empty.</summary>
    static async Task<Dictionary<(long, long), string>> CustomValuesAsync(MySqlConnection src, ImportContext cx, CancellationToken ct)
    {
        var values = new Dictionary<(long, long), string>();
        if (cx.CustomFieldIds.Count == 0) return values;
        var ids = string.Join(",", cx.CustomFieldIds.Values);
        await using var r = await ReadAsync(src, $"select fieldid, relid, value from tblcustomfieldsvalues where fieldid in ({ids})", ct);
        while (await r.ReadAsync(ct))
        {
            var v = Text(r, 2);
            if (v.Length > 0) values.TryAdd((Long(r, 0), Long(r, 1)), v);
        }
        return values;
    }

    static async Task ContactsAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var rows = await ListAsync(src, "select id, userid, firstname, lastname, email, phonenumber, invoiceemails, supportemails from tblcontacts order by id",
            r => new Contact(Long(r, 0), Long(r, 1), $"{Text(r, 2)} {Text(r, 3)}".Trim(), TextOrNull(r, 4), TextOrNull(r, 5), Flag(r, 6), Flag(r, 7)), run.Ct);
        await ChildRowsAsync(run, "contact", rows, x => x.Id, x => x.ClientId, cx, chunkSize, async (c, tx, x, existing) =>
        {
            var args = new { x.ClientId, name = x.Name.Length > 0 ? x.Name : (x.Email ?? "—"), x.Email, x.Phone, x.Invoices, x.Support, existing };
            if (existing is not null)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    update client_contacts set name = @name, email = @Email, phone = @Phone, receives_invoices = @Invoices, receives_support = @Support where id = @existing
                    """, args, tx, cancellationToken: run.Ct));
                return existing.Value;
            }
            return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into client_contacts (client_id, name, email, phone, receives_invoices, receives_support)
                values (@ClientId, @name, @Email, @Phone, @Invoices, @Support) returning id
                """, args, tx, cancellationToken: run.Ct));
        });
    }

    static async Task NotesAsync(ImportRun run, MySqlConnection src, ImportContext cx, int chunkSize)
    {
        var rows = await ListAsync(src, "select id, userid, adminid, created, note, sticky from tblnotes order by id",
            r => new Note(Long(r, 0), Long(r, 1), Long(r, 2), Time(r, 3), Text(r, 4), Flag(r, 5)), run.Ct);
        await ChildRowsAsync(run, "note", rows, x => x.Id, x => x.ClientId, cx, chunkSize, async (c, tx, x, existing) =>
        {
            var author = cx.AdminNames.TryGetValue(x.AdminId, out var name) && name.Length > 0 ? name : "WHMCS";
            long? staff = cx.Staff.TryGetValue(x.AdminId, out var s) ? s : null;
            var args = new { x.ClientId, staff, author, at = x.Created is { } t ? ImportContext.Utc(t) : (DateTime?)null, body = x.Body.Length > 0 ? x.Body : "—", x.Important, existing };
            if (existing is not null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "update client_notes set author_staff_id = @staff, author = @author, created_at = coalesce(@at, created_at), body = @body, important = @Important where id = @existing",
                    args, tx, cancellationToken: run.Ct));
                return existing.Value;
            }
            return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into client_notes (client_id, author_staff_id, author, created_at, body, important)
                values (@ClientId, @staff, @author, coalesce(@at, now()), @body, @Important) returning id
                """, args, tx, cancellationToken: run.Ct));
        });
    }

    /// <summary>Rows that hang off a client: taken when the client was, left with a reason when it is missing from WHMCS.</summary>
    internal static Task ChildRowsAsync<T>(ImportRun run, string kind, List<T> rows, Func<T, long> id, Func<T, long> clientId, ImportContext cx,
        int chunkSize, Func<NpgsqlConnection, NpgsqlTransaction, T, long?, Task<long>> write) where T : notnull =>
        RowImport.RunAsync(run, kind, rows, id, chunkSize,
            row => cx.Clients.ContainsKey(clientId(row)) ? null : ("client_missing", $"belongs to client #{clientId(row)}, who is not in WHMCS"),
            (c, tx, row, existing, _) => write(c, tx, row, existing));
}
