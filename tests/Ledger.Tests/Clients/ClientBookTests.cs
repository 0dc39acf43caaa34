using BackOffice.Ledger.Clients;
using BackOffice.Ledger.Demo;
using BackOffice.Tests.Support;

namespace BackOffice.Ledger.Tests.Clients;

public class ClientBookTests(PostgresCluster cluster) : DatabaseTest(cluster)
{
    static readonly string[] ClientTables = ["clients", "client_notes"];

    ClientBook Book => new(Db, Clock);

    static ClientChanges Sarkisov => new()
    {
        FirstName = "Сергей", LastName = "Саркисов", CompanyName = "ООО «Фабрика Бизнеса»",
        Email = "s.sarkisov@oteli-apelsin.ru", Inn = "7708305901", Kpp = "770801001", Phone = "9169939985",
        Address1 = "Уланский пер, дом № 14, корпус А, пом.11", City = "Москва", Postcode = "101000",
    };

    [Fact]
    public async Task A_client_is_added_with_its_requisites_and_read_back()
    {
        var c = await Book.AddAsync(Sarkisov, TestContext.Current.CancellationToken);
        var read = await Book.GetAsync(c.Id, TestContext.Current.CancellationToken);
        Assert.Equal("7708305901", read.Inn);
        Assert.Equal("770801001", read.Kpp);
        Assert.Equal("ООО «Фабрика Бизнеса»", read.CompanyName);
        Assert.True(read.ApplyCredit);
        Assert.Equal(0m, read.CreditBalance);
    }

    [Theory]
    [InlineData("7708305900", null, "digit 10")]
    [InlineData("123", null, "must be 10 digits")]
    [InlineData("7708305901", "77080100", "must be 9 characters")]
    [InlineData("7708305901", "77080100Z", "must be 4 digits")]
    public async Task Invalid_requisites_are_refused_and_nothing_is_stored(string inn, string? kpp, string expected)
    {
        var before = await SnapshotAsync(ClientTables);
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Book.AddAsync(Sarkisov with { Inn = inn, Kpp = kpp }));
        Assert.Contains(expected, e.Message);
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task An_email_used_by_another_client_is_refused_in_any_letter_case_naming_that_client()
    {
        var first = await Book.AddAsync(Sarkisov);
        var before = await SnapshotAsync(ClientTables);
        var e = await Assert.ThrowsAsync<Conflict>(() => Book.AddAsync(Sarkisov with { Email = "S.Sarkisov@OTELI-apelsin.ru", Inn = null }));
        Assert.Contains($"#{first.Id}", e.Message);
        Assert.Equal(before, await SnapshotAsync(ClientTables));

        var other = await Book.AddAsync(Sarkisov with { Email = "other@example.ru" });
        before = await SnapshotAsync(ClientTables);
        var e2 = await Assert.ThrowsAsync<Conflict>(() => Book.EditAsync(other.Id, new ClientChanges { Email = "S.SARKISOV@oteli-apelsin.ru" }, "test"));
        Assert.Contains($"#{first.Id}", e2.Message);
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_client_with_the_same_email()
    {
        await Book.AddAsync(Sarkisov);
        await using var conn = await Db.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "insert into clients (first_name, email) values ('X', 'S.SARKISOV@OTELI-APELSIN.RU')";
        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => cmd.ExecuteNonQueryAsync());
        Assert.Equal("clients_email_unique", e.ConstraintName);
    }

    [Fact]
    public async Task Changing_contact_data_keeps_the_old_values_in_an_important_note_with_author_and_time()
    {
        var c = await Book.AddAsync(Sarkisov);
        Clock.Advance(TimeSpan.FromHours(2));
        await Book.EditAsync(c.Id, new ClientChanges { Kpp = "772101001", Email = "new@fabrika-biz.ru", FirstName = "Сергей" }, "ekamyshina");

        var read = await Book.GetAsync(c.Id);
        Assert.Equal("772101001", read.Kpp);
        Assert.Equal("new@fabrika-biz.ru", read.Email);
        var note = Assert.Single(await Book.NotesAsync(c.Id));
        Assert.True(note.Important);
        Assert.Equal("ekamyshina", note.Author);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, note.CreatedAt, TimeSpan.FromSeconds(1));
        Assert.Contains("КПП: 770801001 → 772101001", note.Body);
        Assert.Contains("Email: s.sarkisov@oteli-apelsin.ru → new@fabrika-biz.ru", note.Body);
        Assert.DoesNotContain("Имя", note.Body);
    }

    [Fact]
    public async Task Changing_only_a_flag_writes_no_note_and_an_unchanged_edit_changes_nothing()
    {
        var c = await Book.AddAsync(Sarkisov);
        await Book.EditAsync(c.Id, new ClientChanges { NoLateFee = true }, "test");
        Assert.True((await Book.GetAsync(c.Id)).NoLateFee);
        Assert.Empty(await Book.NotesAsync(c.Id));

        var before = await SnapshotAsync(ClientTables);
        await Book.EditAsync(c.Id, new ClientChanges { Kpp = "770801001", NoLateFee = true }, "test");
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task A_client_that_does_not_exist_is_named_in_the_error_and_nothing_changes()
    {
        var before = await SnapshotAsync(ClientTables);
        Assert.Contains("#99999", (await Assert.ThrowsAsync<NotFound>(() => Book.GetAsync(99999))).Message);
        Assert.Contains("#99999", (await Assert.ThrowsAsync<NotFound>(() => Book.EditAsync(99999, new ClientChanges { Phone = "1" }, "t"))).Message);
        Assert.Contains("#99999", (await Assert.ThrowsAsync<NotFound>(() => Book.SummaryAsync(99999))).Message);
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task An_invalid_edit_is_refused_whole()
    {
        var c = await Book.AddAsync(Sarkisov);
        var before = await SnapshotAsync(ClientTables);
        await Assert.ThrowsAsync<InvalidInput>(() => Book.EditAsync(c.Id, new ClientChanges { Phone = "111", Inn = "7708305902" }, "t"));
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task An_emptied_country_is_refused_not_cleared()
    {
        var c = await Book.AddAsync(Sarkisov);
        var before = await SnapshotAsync(ClientTables);
        var e = await Assert.ThrowsAsync<InvalidInput>(() => Book.EditAsync(c.Id, new ClientChanges { Country = " " }, "t"));
        Assert.Equal("country", e.Field);
        Assert.Equal(before, await SnapshotAsync(ClientTables));
    }

    [Fact]
    public async Task Clients_are_found_by_id_name_company_email_and_inn()
    {
        await new DemoData(Db).LoadAsync();
        Assert.Equal(7583, Assert.Single(await Book.SearchAsync("#7583")).Id);
        Assert.Equal(7583, Assert.Single(await Book.SearchAsync("7708305901")).Id);
        Assert.Equal(7583, Assert.Single(await Book.SearchAsync("саркисов")).Id);
        Assert.Equal(7583, Assert.Single(await Book.SearchAsync("ФАБРИКА")).Id);
        Assert.Equal(4314, Assert.Single(await Book.SearchAsync("ASM-12@bk")).Id);
        Assert.Empty(await Book.SearchAsync("нет такого"));
    }

    [Fact]
    public async Task The_summary_counts_invoices_payments_services_and_tickets_and_is_zero_for_a_new_client()
    {
        var c = await Book.AddAsync(Sarkisov);
        var empty = await Book.SummaryAsync(c.Id);
        Assert.Equal(new CountAndSum(0, 0m), empty.Paid);
        Assert.Equal(new CountAndSum(0, 0m), empty.Unpaid);
        Assert.Equal(0m, empty.Income);
        Assert.Equal(0, empty.TicketsTotal);
        Assert.Empty(empty.Services);

        await using var conn = await Db.OpenConnectionAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"""
            insert into departments (id, name) values (1, 'Техническая поддержка');
            insert into organisations (id, code, name, full_name, inn, payment_method) values (1, 'O', 'O', 'O', '7709983032', 'Безналичный платеж');
            insert into invoices (number, client_id, organisation_id, status, issue_date, due_date, payment_method, total)
            values (71475, {c.Id}, 1, 'paid', '2019-01-12', '2019-02-01', 'Безналичный платеж', 48336.00),
                   (72557, {c.Id}, 1, 'paid', '2019-02-08', '2019-02-15', 'Безналичный платеж', 344.00),
                   (72600, {c.Id}, 1, 'cancelled', '2019-02-10', '2019-02-20', 'Безналичный платеж', 800.00),
                   (null, {c.Id}, 1, 'draft', '2019-02-10', '2019-02-20', 'Безналичный платеж', 999.00);
            insert into payments (client_id, paid_on, amount, method, created_by) values ({c.Id}, '2019-01-28', 48336.00, 'bank', 't'), ({c.Id}, '2019-02-18', 344.00, 'bank', 't');
            insert into tickets (number, client_id, department_id, subject, status) values (1, {c.Id}, 1, 'a', 'open'), (2, {c.Id}, 1, 'b', 'closed');
            """;
        await cmd.ExecuteNonQueryAsync();

        var s = await Book.SummaryAsync(c.Id);
        Assert.Equal(new CountAndSum(2, 48680.00m), s.Paid);
        Assert.Equal(new CountAndSum(1, 800.00m), s.Cancelled);
        Assert.Equal(new CountAndSum(0, 0m), s.Unpaid);
        Assert.Equal(48680.00m, s.Income);
        Assert.Equal((1, 2), (s.TicketsOpen, s.TicketsTotal));
    }
}
