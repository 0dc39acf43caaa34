using BackOffice.Tests.Support;

namespace BackOffice.Import.Tests;

/// <summary>The seed's WHMCS brought into the ledger: ids, numbers, text as people wrote it, imperfect rows flagged, not dropped.</summary>
public sealed class ImportTests(PostgresCluster cluster, MariaDbServer maria) : WhmcsTest(cluster, maria)
{
    [Fact]
    public async Task Client_7583_comes_with_id_custom_fields_manager_group_credit_contacts_and_notes()
    {
        await ImportAsync();

        var c = await OneAsync<(string First, string Last, string Company, string Email, string Inn, string Kpp, string Code, string Manager, string Group, decimal Credit, string Status, string Notes)>("""
            select c.first_name, c.last_name, c.company_name, c.email, c.inn, c.kpp, c.contractor_code, s.full_name, g.name, c.credit_balance, c.status, c.admin_notes
            from clients c join staff s on s.id = c.sales_manager_id join client_groups g on g.id = c.client_group_id where c.id = 7583
            """);
        // Cyrillic stored double-encoded through WHMCS's latin1 connection reads as people typed it.
        Assert.Equal(("Сергей", "Саркисов", "ООО «Фабрика Бизнеса»", "s.sarkisov@oteli-apelsin.ru"), (c.First, c.Last, c.Company, c.Email));
        Assert.Equal(("7708305901", "770801001", "00-00012345"), (c.Inn, c.Kpp, c.Code));
        Assert.Equal(("Диана Кучеренко", "Референсные клиенты", 250.00m, "active"), (c.Manager, c.Group, c.Credit, c.Status));
        Assert.Equal("Договор № 118 от 14.03.2012", c.Notes);

        var notes = await AllAsync<(string Author, string Body, bool Important)>("select author, body, important from client_notes where client_id = 7583 order by created_at");
        Assert.Equal(2, notes.Count);
        Assert.Equal(("Диана Кучеренко", true), (notes[0].Author, notes[0].Important));
        Assert.StartsWith("Группа компаний ООО \"ФАБРИКА БИЗНЕСА\" ID7583", notes[0].Body);
        Assert.Equal(("Екатерина Камышина", "привели id 12460 и 12118", false), notes[1]);

        var contact = await OneAsync<(string Name, string Email, bool Invoices)>("select name, email, receives_invoices from client_contacts where client_id = 7583");
        Assert.Equal(("Ольга Бухгалтер", "buh@oteli-apelsin.ru", true), contact);

        // The credit balance with no history in WHMCS gets one row saying so: the history sums to the balance.
        Assert.Equal(250.00m, await OneAsync<decimal>("select sum(amount) from credit_ledger where client_id = 7583"));
        Assert.Equal(150.00m, await OneAsync<decimal>("select sum(amount) from credit_ledger where client_id = 7584"));
        Assert.Equal(2, await CountAsync("credit_ledger", "client_id = 7584"));
    }

    [Fact]
    public async Task Invoice_71475_keeps_number_lines_total_and_payment_and_numbering_continues_after_the_highest()
    {
        var result = await ImportAsync();

        var inv = await OneAsync<(long Number, string Status, decimal Total, decimal Credit, decimal Paid, DateOnly Issue, DateOnly Due, DateOnly PaidOn)>(
            "select number, status, total, credit_applied, amount_paid, issue_date, due_date, paid_date from invoices where id = 71475");
        Assert.Equal((71475L, "paid", 48336.00m, 0m, 48336.00m), (inv.Number, inv.Status, inv.Total, inv.Credit, inv.Paid));
        Assert.Equal((new DateOnly(2019, 1, 12), new DateOnly(2019, 2, 1), new DateOnly(2019, 1, 28)), (inv.Issue, inv.Due, inv.PaidOn));
        var lines = await AllAsync<(string Kind, string Description, decimal Amount, DateOnly? Start, DateOnly? End)>(
            "select kind, description, amount, period_start, period_end from invoice_lines where invoice_id = 71475 order by line_no");
        Assert.Equal([22800.00m, 12825.00m, 13380.00m, -669.00m], lines.Select(l => l.Amount));
        Assert.Equal(48336.00m, lines.Sum(l => l.Amount));
        Assert.StartsWith("Доступ на пользователя \"Стандарт\" (01/02/2019 - 31/07/2019)", lines[0].Description);
        Assert.Equal(("service", new DateOnly(2019, 2, 1), new DateOnly(2019, 7, 31)), (lines[0].Kind, lines[0].Start!.Value, lines[0].End!.Value));
        Assert.Equal("promo", lines[3].Kind);
        Assert.Equal((48336.00m, "п/п 124", "payment"), await OneAsync<(decimal, string, string)>("select amount, reference, kind from payments where invoice_id = 71475"));

        // Unpaid under sequential paid numbering: invoicenum empty, the id is the number; credit applied and a part payment leave 1000.
        Assert.Equal((72559L, "unpaid", 2400.00m, 500.00m, 900.00m), await OneAsync<(long, string, decimal, decimal, decimal)>(
            "select number, status, total, credit_applied, amount_paid from invoices where id = 72559"));
        // A refund is the payment's reversal.
        var refund = await OneAsync<(decimal Amount, long RefundOf, long Payment)>("""
            select r.amount, r.refund_of, p.id from payments r join payments p on p.id = r.refund_of where r.invoice_id = 72558 and r.kind = 'refund'
            """);
        Assert.Equal((1000.00m, refund.Payment), (refund.Amount, refund.RefundOf));
        Assert.Equal("refunded", await OneAsync<string>("select status from invoices where id = 72558"));

        // The ledger's next number follows the highest imported (72560, cancelled, still numbered), not its own 70001.
        Assert.Equal(72561, result.GetProperty("nextInvoiceNumber").GetInt64());
        Assert.Equal(72560L, await OneAsync<long>("select last_number from invoice_numbering"));
        // History that 1C already carries is not queued for 1C.
        Assert.Equal(0, await CountAsync("outbox"));
    }

    [Fact]
    public async Task Imperfect_rows_are_imported_flagged_or_listed_with_the_reason_never_dropped()
    {
        var result = await ImportAsync();
        var problems = Problems(result);

        Assert.Contains(problems, p => p is ("inn_check_digits", true, 7584, _));
        Assert.Equal("7725381773", await OneAsync<string>("select inn from clients where id = 7584"));
        Assert.Contains(problems, p => p.Problem == "email_taken" && p.Taken && p.Id == 7585 && p.Detail.Contains("S.Sarkisov@oteli-apelsin.ru") && p.Detail.Contains("#7583"));
        Assert.Equal("whmcs-7585@import.invalid", await OneAsync<string>("select email from clients where id = 7585"));
        Assert.Contains(problems, p => p is ("inn_malformed", true, 12460, _));
        Assert.Null(await OneAsync<string?>("select inn from clients where id = 12460"));
        Assert.Contains(problems, p => p is ("currency", true, 7586, _));
        Assert.Equal(6, await CountAsync("clients"));   // the five from WHMCS, all of them, and the native one

        Assert.Contains(problems, p => p is ("currency", false, 72561, _));
        Assert.Equal(0, await CountAsync("invoices", "id = 72561"));
        Assert.Contains(problems, p => p.Problem == "service_missing" && p.Taken && p.Id == 900005 && p.Detail.Contains("20999"));
        Assert.Equal(344.00m, await OneAsync<decimal>("select amount from invoice_lines where invoice_id = 72557"));
        Assert.Contains(problems, p => p is ("zero", false, 40006, _));
        Assert.Contains(problems, p => p.Problem == "no_client" && p.Taken && p.Id == 3102 && p.Detail.Contains("unknown@example.org"));

        // Printed too, with the same reasons.
        var printed = await Run("import", "whmcs", "--connection", Whmcs);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Contains("Not taken (14):", printed.Out);
        Assert.Contains("transaction #40006: 'Ошибочная запись' moves no money", printed.Out);
        Assert.Contains("client #7584: ИНН '7725381773' fails the check of digit 10", printed.Out);
        Assert.Contains("transaction #40006", printed.Out);
    }

    [Fact]
    public async Task Staff_and_departments_come_without_passwords_and_tickets_thread_as_in_whmcs()
    {
        await ImportAsync();

        Assert.Equal(["kamyshina", "kucherenko", "native", "petrov"], (await AllAsync<string>("select login from staff order by login")).ToArray());
        Assert.False(await OneAsync<bool>("select active from staff where login = 'petrov'"));
        Assert.Equal("Техническая поддержка", await OneAsync<string>("select d.name from staff s join departments d on d.id = s.department_id where s.login = 'kucherenko'"));
        Assert.Equal(3, await CountAsync("departments"));

        var t = await OneAsync<(int ClientId, string Status, string Priority, string Assignee, string Department, string Subject)>("""
            select t.client_id, t.status, t.priority, s.full_name, d.name, t.subject from tickets t join staff s on s.id = t.assignee_id
            join departments d on d.id = t.department_id where t.number = 482913
            """);
        Assert.Equal((7583, "closed", "high", "Диана Кучеренко", "Техническая поддержка", "Не запускается 1С"), t);
        var messages = await AllAsync<(string Kind, string? From, string Body)>("""
            select m.kind, coalesce(m.from_name, m.from_address), m.body_text from ticket_messages m join tickets t on t.id = m.ticket_id
            where t.number = 482913 order by m.created_at
            """);
        Assert.Equal(["client", "note", "staff", "client"], messages.Select(m => m.Kind));
        Assert.Equal("Добрый день! После обновления не запускается \"БИТ:Отель\".", messages[0].Body);
        Assert.Equal("Диана Кучеренко", messages[2].From);

        Assert.True(await OneAsync<bool>("select unverified from tickets where number = 519377"));
        Assert.Equal("unknown@example.org", await OneAsync<string>("select opened_by_address from tickets where number = 519377"));
        // The ledger's own next ticket number continues after the imported ones.
        Assert.True(await OneAsync<long>("select nextval('ticket_numbers')") > 630041);
    }

    [Fact]
    public async Task Catalogue_services_and_orders_come_with_ids_numbers_prices_cycles_and_due_dates()
    {
        var result = await ImportAsync();
        var problems = Problems(result);

        var prices = await AllAsync<(string Cycle, decimal Price)>("""
            select pp.cycle, pp.price from product_prices pp join products p on p.id = pp.product_id
            where p.name = 'Доступ на пользователя "Стандарт"' order by pp.price
            """);
        Assert.Equal([("monthly", 800.00m), ("quarterly", 2400.00m), ("semiannual", 4560.00m), ("annual", 9120.00m)], prices);
        Assert.Equal("1С в аренду", await OneAsync<string>("select g.name from products p join product_groups g on g.id = p.group_id where p.name = 'БИТ:Отель 8. ПРОФ'"));
        Assert.Equal(("one_time", 3000.00m, 1500.00m), await OneAsync<(string, decimal, decimal)>(
            "select p.pay_type, pp.price, pp.setup_fee from products p join product_prices pp on pp.product_id = p.id where p.name = 'Настройка рабочего места'"));
        Assert.True(await OneAsync<bool>("select retired and hidden from products where name = 'Хостинг на три года'"));
        Assert.Contains(problems, p => p is ("triennial_price", true, 11, _));

        var s = await OneAsync<(int Client, string Product, string Cycle, decimal Amount, decimal Override, DateOnly Due, string Status, long Order)>("""
            select s.client_id, p.name, s.billing_cycle, s.recurring_amount, s.price_override, s.next_due_date, s.status, o.order_number
            from services s join products p on p.id = s.product_id join orders o on o.id = s.order_id where s.id = 20804
            """);
        Assert.Equal((7583, "Доступ на пользователя \"Стандарт\"", "semiannual", 22800.00m, 22800.00m, new DateOnly(2019, 8, 1), "active", 4718305562L), s);
        Assert.Equal((71475L, 9001), await OneAsync<(long, int)>("select o.invoice_id, i.order_id from orders o join invoices i on i.id = o.invoice_id where o.id = 9001"));
        Assert.Equal([20804L, 20805L, 20806L, 20806L], await AllAsync<long>("select service_id from invoice_lines where invoice_id = 71475 order by line_no"));
        Assert.Equal(("one_time", (DateOnly?)null), await OneAsync<(string, DateOnly?)>("select billing_cycle, next_due_date from services where id = 20810"));
        Assert.Equal(("free", "terminated"), await OneAsync<(string, string)>("select billing_cycle, status from services where id = 20811"));

        Assert.Contains(problems, p => p is ("cycle", false, 20807, _));
        Assert.Contains(problems, p => p.Problem == "same_product_twice" && !p.Taken && p.Id == 20809 && p.Detail.Contains("service #20808"));
        Assert.Contains(problems, p => p is ("number", false, 9002, _));
        Assert.Equal(0, await CountAsync("services", "id in (20807, 20809)"));
    }

    [Fact]
    public async Task Options_addons_and_promotions_come_with_the_services_that_hold_them_and_what_has_no_place_is_listed()
    {
        var result = await ImportAsync();
        var problems = Problems(result);

        // Options per product, their unit, priced or not, prices per cycle (triennial and -1 left out); a service's quantities.
        var options = await AllAsync<(string Product, string Name, string Unit, bool Priced)>("""
            select p.name, o.name, o.unit_name, o.priced from config_options o join products p on p.id = o.product_id order by p.name, o.sort, o.name
            """);
        Assert.Equal([
            ("БИТ:Отель 8. ПРОФ", "1С:Бухгалтерия 8 ПРОФ. Редакция 3.0", "опция подключена", false), ("БИТ:Отель 8. ПРОФ", "Кол-во", "шт.", true),
            ("Доступ на пользователя \"Стандарт\"", "Количество пользователей", "Пользователь", true),
            ("Пакет лицензий 1С в аренду", "Лицензии в аренду", "Кол-во пользователей", true),
            ("Хостинг на три года", "Количество пользователей", "Пользователь", true)], options);
        Assert.Equal([("monthly", 800.00m), ("quarterly", 2400.00m), ("semiannual", 4560.00m), ("annual", 9120.00m)], await AllAsync<(string, decimal)>("""
            select c.cycle, c.price from config_option_prices c join config_options o on o.id = c.option_id join products p on p.id = o.product_id
            where p.name = 'Доступ на пользователя "Стандарт"' order by c.price
            """));
        Assert.Equal([(20804, "Количество пользователей", 5), (20805, "Лицензии в аренду", 5), (20806, "1С:Бухгалтерия 8 ПРОФ. Редакция 3.0", 1), (20806, "Кол-во", 1)],
            await AllAsync<(int, string, int)>("select so.service_id, o.name, so.quantity from service_options so join config_options o on o.id = so.option_id order by 1, 2"));
        Assert.Contains(problems, p => p is ("choice", false, _, _) && p.Detail.Contains("'Редакция'"));
        Assert.Contains(problems, p => p is ("setup_fee", true, (9L << 32) | 3, _));
        Assert.Contains(problems, p => p is ("option_not_taken", false, 5, _));          // the dropdown's choice on 20806
        Assert.Contains(problems, p => p is ("option_not_taken", false, 7, _));          // an option of another product's group on 20808
        Assert.Contains(problems, p => p is ("service_missing", false, 6, _));           // on 20807, not taken (triennial)

        // Addons: a 5.x addon's one price on its one cycle, its products (those taken); a service's addon; a custom one listed.
        Assert.Equal([("Выезд специалиста", "one_time", "one_time", 2500.00m), ("Резервное копирование", "recurring", "semiannual", 1200.00m)],
            await AllAsync<(string, string, string, decimal)>("select a.name, a.pay_type, p.cycle, p.price from addons a join addon_prices p on p.addon_id = a.id order by a.name"));
        Assert.Equal(["Доступ на пользователя \"Стандарт\"", "Пакет лицензий 1С в аренду"], await AllAsync<string>("""
            select p.name from addon_products ap join addons a on a.id = ap.addon_id join products p on p.id = ap.product_id where a.name = 'Резервное копирование' order by 1
            """));
        Assert.Equal((20804, "Резервное копирование", "semiannual", 1200.00m, "active", new DateOnly(2019, 8, 1)), await OneAsync<(int, string, string, decimal, string, DateOnly)>("""
            select sa.service_id, a.name, sa.billing_cycle, sa.amount, sa.status, sa.next_due_date from service_addons sa join addons a on a.id = sa.addon_id
            """));
        Assert.Contains(problems, p => p is ("cycle", false, 3, _));
        Assert.Contains(problems, p => p is ("custom_addon", false, 2, _) && p.Detail.Contains("Индивидуальная доработка"));
        Assert.Contains(problems, p => p is ("service_missing", false, 3, _));

        // Promotions: the reference discount on its products, held by service 20806 and order 9001; what has no counterpart listed.
        Assert.Equal(("percent", 5.00m, true, 3), await OneAsync<(string, decimal, bool, int)>(
            "select kind, value, recurring, cardinality(product_ids) from promo_codes where code = 'Скидка для референсных клиентов 5%'"));
        Assert.Equal("Скидка для референсных клиентов 5%", await OneAsync<string>("select pc.code from services s join promo_codes pc on pc.id = s.promo_code_id where s.id = 20806"));
        Assert.Equal("Скидка для референсных клиентов 5%", await OneAsync<string>("select pc.code from orders o join promo_codes pc on pc.id = o.promo_code_id where o.id = 9001"));
        Assert.Equal(1, await CountAsync("promo_codes"));
        Assert.Contains(problems, p => p is ("kind", false, 2, _));
        Assert.Contains(problems, p => p is ("applies_to_nothing_taken", false, 3, _));
    }
}
