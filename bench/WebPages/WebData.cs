using System.Globalization;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BackOffice.Bench.WebPages;

/// <summary>
/// The demo ledger plus, by binary COPY, the data set: N clients over ten sales managers (each with a service and,
/// one in four, a note), M invoices (published over three years in the 72 000s and on, paid, unpaid — a third of those
/// overdue —, cancelled, a few drafts; one line each), T tickets with their first message (a tenth still waiting on us),
/// and a treasury of 60 statements with their incoming documents, a few hundred of them in the review queue.
/// Deterministic: the same sizes give the same rows.
/// </summary>
static class WebData
{
    public static readonly DateOnly Today = new(2026, 12, 1);
    public const int FirstClient = 100_001, FirstStaff = 101, Managers = 10, Statements = 60;
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task SeedAsync(NpgsqlDataSource db, int clients, int invoices, int tickets)
    {
        await new BackOffice.Ledger.Demo.DemoData(db).LoadAsync();
        await using var conn = await db.OpenConnectionAsync();
        for (var m = 0; m < Managers; m++)
            await conn.ExecuteAsync("""
                insert into staff (id, login, full_name, email, department_id, is_sales_manager) values (@id, @login, @name, @email, 3, true)
                """, new { id = FirstStaff + m, login = $"manager{m}", name = $"Менеджер {Names[m]}", email = $"manager{m}@bench.example" });

        await ClientsAsync(conn, clients);
        await InvoicesAsync(conn, clients, invoices);
        await TicketsAsync(conn, clients, tickets);
        await TreasuryAsync(conn, clients);
        await conn.ExecuteAsync("""
            select setval(pg_get_serial_sequence('invoices', 'id'), (select max(id) from invoices));
            select setval(pg_get_serial_sequence('invoice_lines', 'id'), (select max(id) from invoice_lines));
            select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets));
            select setval(pg_get_serial_sequence('bank_statements', 'id'), (select max(id) from bank_statements));
            select setval(pg_get_serial_sequence('bank_documents', 'id'), (select max(id) from bank_documents));
            select setval('ticket_numbers', (select max(number) from tickets));
            update invoice_numbering set last_number = (select max(number) from invoices);
            """);
        // Vacuum too, as autovacuum would have by then: index-only scans need the visibility map. Slow on a loaded machine.
        await conn.ExecuteAsync(new CommandDefinition("vacuum analyze", commandTimeout: 900));
    }

    /// <summary>The i-th client's ИНН (ten digits, unique; check digits not computed: nothing here validates them).</summary>
    public static string Inn(int i) => (7700000000L + i).ToString(Inv);

    static async Task ClientsAsync(NpgsqlConnection conn, int clients)
    {
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy clients (id, first_name, last_name, company_name, email, phone, inn, kpp, contractor_code, sales_manager_id, status, created_at)
            from stdin (format binary)
            """))
        {
            for (var i = 0; i < clients; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstClient + i, NpgsqlDbType.Integer);
                await copy.WriteAsync(FirstNames[i % FirstNames.Length], NpgsqlDbType.Text);
                await copy.WriteAsync(LastNames[i / FirstNames.Length % LastNames.Length], NpgsqlDbType.Text);
                await copy.WriteAsync($"ООО «{Words[i % Words.Length]} {Words[i / Words.Length % Words.Length]} {i}»", NpgsqlDbType.Text);
                await copy.WriteAsync($"client{i}@bench.example", NpgsqlDbType.Text);
                await copy.WriteAsync($"+7 495 {i:0000000}", NpgsqlDbType.Text);
                await copy.WriteAsync(Inn(i), NpgsqlDbType.Text);
                await copy.WriteAsync("770101001", NpgsqlDbType.Text);
                await copy.WriteAsync($"00-{FirstClient + i:000000}", NpgsqlDbType.Text);
                if (i % 50 == 49) await copy.WriteNullAsync(); // one in fifty without a manager
                else await copy.WriteAsync(FirstStaff + i % Managers, NpgsqlDbType.Integer);
                await copy.WriteAsync(i % 20 == 0 ? "inactive" : "active", NpgsqlDbType.Text);
                await copy.WriteAsync(new DateTime(2020, 1, 1, 9, 0, 0, DateTimeKind.Utc).AddHours(i * 3), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy services (client_id, product_id, registration_date, billing_cycle, recurring_amount, next_due_date, status)
            from stdin (format binary)
            """))
        {
            for (var i = 0; i < clients; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstClient + i, NpgsqlDbType.Integer);
                await copy.WriteAsync(1 + i % 4, NpgsqlDbType.Integer);
                await copy.WriteAsync(new DateOnly(2022, 1, 1).AddDays(i % 1000), NpgsqlDbType.Date);
                await copy.WriteAsync("monthly", NpgsqlDbType.Text);
                await copy.WriteAsync(760m + i % 5 * 100, NpgsqlDbType.Numeric);
                await copy.WriteAsync(Today.AddDays(i % 30), NpgsqlDbType.Date);
                await copy.WriteAsync(i % 25 == 0 ? "suspended" : "active", NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy client_notes (client_id, author_staff_id, author, created_at, body, important) from stdin (format binary)"))
        {
            for (var i = 0; i < clients; i += 4)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(FirstClient + i, NpgsqlDbType.Integer);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync("ekamyshina", NpgsqlDbType.Text);
                await copy.WriteAsync(new DateTime(2025, 3, 1, 10, 0, 0, DateTimeKind.Utc).AddMinutes(i), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("Звонить только бухгалтеру, директор не отвечает на звонки.", NpgsqlDbType.Text);
                await copy.WriteAsync(i % 8 == 0, NpgsqlDbType.Boolean);
            }
            await copy.CompleteAsync();
        }
    }

    static async Task InvoicesAsync(NpgsqlConnection conn, int clients, int invoices)
    {
        var firstId = await conn.ExecuteScalarAsync<long>("select coalesce(max(id), 0) + 1 from invoices");
        var firstNumber = await conn.ExecuteScalarAsync<long>("select greatest(72000, coalesce(max(number), 0)) + 1 from invoices");
        var organisation = await conn.ExecuteScalarAsync<int>("select id from organisations where payment_method = 'Безналичный платеж'");
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy invoices (id, number, client_id, organisation_id, kind, status, issue_date, due_date, paid_date, payment_method, subtotal, total,
                           amount_paid, published_at) from stdin (format binary)
            """))
        {
            for (var i = 0; i < invoices; i++)
            {
                var v = Invoice(i, invoices);
                await copy.StartRowAsync();
                await copy.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                if (v.Status == "draft") await copy.WriteNullAsync();
                else await copy.WriteAsync(firstNumber + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(FirstClient + i * 7 % clients, NpgsqlDbType.Integer);
                await copy.WriteAsync(organisation, NpgsqlDbType.Integer);
                await copy.WriteAsync("renewal", NpgsqlDbType.Text);
                await copy.WriteAsync(v.Status, NpgsqlDbType.Text);
                await copy.WriteAsync(v.Issued, NpgsqlDbType.Date);
                await copy.WriteAsync(v.Issued.AddDays(10), NpgsqlDbType.Date);
                if (v.Status == "paid") await copy.WriteAsync(v.Issued.AddDays(4), NpgsqlDbType.Date);
                else await copy.WriteNullAsync();
                await copy.WriteAsync("Безналичный платеж", NpgsqlDbType.Text);
                await copy.WriteAsync(v.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(v.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(v.Status == "paid" ? v.Total : 0m, NpgsqlDbType.Numeric);
                if (v.Status == "draft") await copy.WriteNullAsync();
                else await copy.WriteAsync(new DateTime(v.Issued, new TimeOnly(6, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy invoice_lines (invoice_id, line_no, kind, description, quantity, unit_price, amount, product_id, period_start, period_end) from stdin (format binary)"))
        {
            for (var i = 0; i < invoices; i++)
            {
                var v = Invoice(i, invoices);
                await copy.StartRowAsync();
                await copy.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync("service", NpgsqlDbType.Text);
                await copy.WriteAsync($"Доступ на пользователя \"Стандарт\" ({v.Issued:dd.MM.yyyy} - {v.Issued.AddMonths(1).AddDays(-1):dd.MM.yyyy})", NpgsqlDbType.Text);
                await copy.WriteAsync(1m, NpgsqlDbType.Numeric);
                await copy.WriteAsync(v.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(v.Total, NpgsqlDbType.Numeric);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync(v.Issued, NpgsqlDbType.Date);
                await copy.WriteAsync(v.Issued.AddMonths(1).AddDays(-1), NpgsqlDbType.Date);
            }
            await copy.CompleteAsync();
        }
    }

    /// <summary>Issued in order over the three years to today; the last year's are unpaid one in three (half of those past
    /// due), older ones paid; one in forty cancelled, one in 500 a draft.</summary>
    static (DateOnly Issued, string Status, decimal Total) Invoice(int i, int invoices)
    {
        var issued = Today.AddDays(-1095 + (int)(1095L * i / invoices));
        var status = i % 500 == 7 ? "draft" : i % 40 == 3 ? "cancelled"
            : issued > Today.AddDays(-365) && i % 3 == 0 ? "unpaid" : "paid";
        return (issued, status, 500m + i * 37 % 50_000);
    }

    static async Task TicketsAsync(NpgsqlConnection conn, int clients, int tickets)
    {
        var firstId = await conn.ExecuteScalarAsync<long>("select coalesce(max(id), 0) + 1 from tickets");
        var firstNumber = await conn.ExecuteScalarAsync<int>("select greatest(100000, coalesce(max(number), 0)) + 1 from tickets");
        var now = new DateTime(Today, new TimeOnly(9, 0), DateTimeKind.Utc);
        string[] statuses = ["closed", "closed", "closed", "answered", "closed", "customer_reply", "closed", "in_progress", "closed", "open"];
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy tickets (id, number, client_id, department_id, subject, status, priority, assignee_id, created_at, updated_at, opened_by_address,
                          closed_at, sla_started_at, sla_due_at) from stdin (format binary)
            """))
        {
            for (var i = 0; i < tickets; i++)
            {
                var created = now.AddMinutes(-(tickets - i) * 70L);
                var status = statuses[i % statuses.Length];
                var waiting = status is "open" or "customer_reply";
                await copy.StartRowAsync();
                await copy.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(firstNumber + i, NpgsqlDbType.Integer);
                await copy.WriteAsync(FirstClient + i * 13 % clients, NpgsqlDbType.Integer);
                await copy.WriteAsync(1 + i % 3, NpgsqlDbType.Integer);
                await copy.WriteAsync($"Не запускается 1С: ошибка при входе пользователя {i}", NpgsqlDbType.Text);
                await copy.WriteAsync(status, NpgsqlDbType.Text);
                await copy.WriteAsync(i % 7 == 0 ? "high" : "medium", NpgsqlDbType.Text);
                if (i % 4 == 0) await copy.WriteNullAsync();
                else await copy.WriteAsync(5 + i % 2, NpgsqlDbType.Integer);
                await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(created.AddMinutes(40), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync($"client{i * 13 % clients}@bench.example", NpgsqlDbType.Text);
                if (status == "closed") await copy.WriteAsync(created.AddHours(3), NpgsqlDbType.TimestampTz);
                else await copy.WriteNullAsync();
                if (waiting)
                {
                    await copy.WriteAsync(created, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(created.AddHours(2), NpgsqlDbType.TimestampTz);
                }
                else
                {
                    await copy.WriteNullAsync();
                    await copy.WriteNullAsync();
                }
            }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy ticket_messages (ticket_id, kind, from_address, subject, body_text, created_at) from stdin (format binary)"))
        {
            for (var i = 0; i < tickets; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(firstId + i, NpgsqlDbType.Bigint);
                await copy.WriteAsync("client", NpgsqlDbType.Text);
                await copy.WriteAsync($"client{i * 13 % clients}@bench.example", NpgsqlDbType.Text);
                await copy.WriteAsync($"Не запускается 1С: ошибка при входе пользователя {i}", NpgsqlDbType.Text);
                await copy.WriteAsync("Добрый день! С утра не запускается 1С, пишет «Ошибка при входе». Помогите, пожалуйста.", NpgsqlDbType.Text);
                await copy.WriteAsync(now.AddMinutes(-(tickets - i) * 70L), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
    }

    /// <summary>A statement per working day; 400 incoming documents each from the clients (matched), one in 80 to review.</summary>
    static async Task TreasuryAsync(NpgsqlConnection conn, int clients)
    {
        const int PerStatement = 400;
        var account = await conn.ExecuteScalarAsync<string>("select account from organisation_bank_accounts order by id limit 1");
        var firstStatement = await conn.ExecuteScalarAsync<long>("select coalesce(max(id), 0) + 1 from bank_statements");
        var firstDocument = await conn.ExecuteScalarAsync<long>("select coalesce(max(id), 0) + 1 from bank_documents");
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy bank_statements (id, file_name, sha256, imported_by, imported_at, documents_read, incoming, matched, to_review)
            from stdin (format binary)
            """))
        {
            for (var s = 0; s < Statements; s++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(firstStatement + s, NpgsqlDbType.Bigint);
                await copy.WriteAsync($"kl_to_1c_{Today.AddDays(s - Statements):yyyyMMdd}.txt", NpgsqlDbType.Text);
                await copy.WriteAsync((firstStatement + s).ToString("x64", Inv), NpgsqlDbType.Char);
                await copy.WriteAsync("snuzhdinova", NpgsqlDbType.Text);
                await copy.WriteAsync(new DateTime(Today.AddDays(s - Statements), new TimeOnly(6, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(PerStatement, NpgsqlDbType.Integer);
                await copy.WriteAsync(PerStatement, NpgsqlDbType.Integer);
                await copy.WriteAsync(PerStatement - PerStatement / 80, NpgsqlDbType.Integer);
                await copy.WriteAsync(PerStatement / 80, NpgsqlDbType.Integer);
            }
            await copy.CompleteAsync();
        }

        var review = new List<long>();
        await using (var copy = await conn.BeginBinaryImportAsync("""
            copy bank_documents (id, statement_id, line_number, our_account, direction, execution_date, number_key, amount, counterparty_key,
                                 content_sha256, kind, number, doc_date, payer_name, payer_inn, payer_account, recipient_account, purpose, fields,
                                 status, client_id, created_at) from stdin (format binary)
            """))
        {
            for (var s = 0; s < Statements; s++)
                for (var d = 0; d < PerStatement; d++)
                {
                    var n = s * PerStatement + d;
                    var id = firstDocument + n;
                    var client = n * 11 % clients;
                    var date = Today.AddDays(s - Statements);
                    var toReview = d % 80 == 0;
                    if (toReview) review.Add(id);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(id, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(firstStatement + s, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(20 + d * 22, NpgsqlDbType.Integer);
                    await copy.WriteAsync(account, NpgsqlDbType.Text);
                    await copy.WriteAsync("incoming", NpgsqlDbType.Text);
                    await copy.WriteAsync(date, NpgsqlDbType.Date);
                    await copy.WriteAsync((1000 + n).ToString(Inv), NpgsqlDbType.Text);
                    await copy.WriteAsync(500m + n % 9000, NpgsqlDbType.Numeric);
                    await copy.WriteAsync($"40702810{client:000000000000}", NpgsqlDbType.Text);
                    await copy.WriteAsync(id.ToString("x64", Inv), NpgsqlDbType.Char);
                    await copy.WriteAsync("Платежное поручение", NpgsqlDbType.Text);
                    await copy.WriteAsync((1000 + n).ToString(Inv), NpgsqlDbType.Text);
                    await copy.WriteAsync(date, NpgsqlDbType.Date);
                    await copy.WriteAsync($"ООО «{Words[client % Words.Length]} {Words[client / Words.Length % Words.Length]} {client}»", NpgsqlDbType.Text);
                    await copy.WriteAsync((7700000000L + client).ToString(Inv), NpgsqlDbType.Text);
                    await copy.WriteAsync($"40702810{client:000000000000}", NpgsqlDbType.Text);
                    await copy.WriteAsync(account, NpgsqlDbType.Text);
                    await copy.WriteAsync(toReview ? "Оплата по договору, без счета" : $"Оплата по счету № {72001 + n % 100000} от {date:dd.MM.yyyy}. Без НДС", NpgsqlDbType.Text);
                    await copy.WriteAsync("{}", NpgsqlDbType.Jsonb);
                    await copy.WriteAsync(toReview ? "review" : "matched", NpgsqlDbType.Text);
                    if (toReview) await copy.WriteNullAsync();
                    else await copy.WriteAsync(FirstClient + client, NpgsqlDbType.Integer);
                    await copy.WriteAsync(new DateTime(date, new TimeOnly(6, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                }
            await copy.CompleteAsync();
        }

        await using (var copy = await conn.BeginBinaryImportAsync("copy bank_review_queue (document_id, reason, candidates, created_at) from stdin (format binary)"))
        {
            foreach (var id in review)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(id, NpgsqlDbType.Bigint);
                await copy.WriteAsync("no invoice number in the purpose and several open invoices", NpgsqlDbType.Text);
                await copy.WriteAsync("[]", NpgsqlDbType.Jsonb);
                await copy.WriteAsync(new DateTime(Today, new TimeOnly(6, 0), DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
            }
            await copy.CompleteAsync();
        }
    }

    static readonly string[] Names = ["Алексеев", "Борисова", "Васильев", "Григорьева", "Дмитриев", "Егорова", "Жуков", "Зайцева", "Иванов", "Калинина"];
    static readonly string[] FirstNames = ["Сергей", "Анна", "Дмитрий", "Ольга", "Игорь", "Марина", "Павел", "Елена", "Андрей", "Татьяна", "Олег"];
    static readonly string[] LastNames = ["Саркисов", "Иванова", "Петров", "Смирнова", "Кузнецов", "Попова", "Соколов", "Лебедева", "Козлов", "Новикова", "Морозов", "Волкова", "Зайцев"];
    static readonly string[] Words = ["Фабрика", "Бизнеса", "Сеть", "Отелей", "Апельсин", "Техпром", "Вектор", "Север", "Альфа", "Гранит", "Ресурс", "Торг",
        "Строй", "Логистика", "Медиа", "Агро", "Сервис", "Капитал", "Инвест", "Проект", "Системы", "Технологии", "Консалт"];
}
