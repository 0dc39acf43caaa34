using BackOffice.Tests.Support;
using BackOffice.Tickets.Sla;
using Dapper;
using Microsoft.Extensions.Options;

namespace BackOffice.Tickets.Tests.Sla;

public sealed class WorkingCalendarTests
{
    static DateTime Msk(int y, int m, int d, int h, int min) => new DateTime(y, m, d, h, min, 0, DateTimeKind.Utc).AddHours(-3);

    readonly WorkingCalendar _office = new(new SlaOptions { Holidays = ["2026-12-31", "2027-01-01"] });

    [Fact]
    public void Two_working_hours_skip_nights_weekends_and_holidays_in_Moscow_time()
    {
        Assert.Equal(Msk(2026, 11, 23, 11, 0), _office.AddWorkingMinutes(Msk(2026, 11, 23, 9, 0), 120));     // Monday morning
        Assert.Equal(Msk(2026, 11, 24, 10, 30), _office.AddWorkingMinutes(Msk(2026, 11, 23, 17, 30), 120));  // over the night
        Assert.Equal(Msk(2026, 11, 30, 10, 0), _office.AddWorkingMinutes(Msk(2026, 11, 27, 17, 0), 120));    // Friday → Monday
        Assert.Equal(Msk(2026, 11, 30, 11, 0), _office.AddWorkingMinutes(Msk(2026, 11, 28, 12, 0), 120));    // a Saturday message
        Assert.Equal(Msk(2027, 1, 4, 10, 0), _office.AddWorkingMinutes(Msk(2026, 12, 30, 17, 0), 120));      // over two holidays and a weekend
        Assert.Equal(120, _office.WorkingMinutesBetween(Msk(2026, 11, 27, 17, 0), Msk(2026, 11, 30, 10, 0)));
        Assert.Equal(0, _office.WorkingMinutesBetween(Msk(2026, 11, 28, 10, 0), Msk(2026, 11, 29, 20, 0)));
    }

    [Fact]
    public void A_24x7_calendar_counts_every_minute()
    {
        var always = new WorkingCalendar(new SlaOptions { AlwaysOpen = true });
        Assert.Equal(Msk(2026, 11, 29, 1, 0), always.AddWorkingMinutes(Msk(2026, 11, 28, 23, 0), 120));
        Assert.Equal(180, always.WorkingMinutesBetween(Msk(2026, 12, 31, 22, 0), Msk(2027, 1, 1, 1, 0)));
    }

    [Fact]
    public void Bad_calendar_settings_name_their_key()
    {
        var errors = new SlaOptions { TimeZone = "Mars/Olympus", WorkingDays = ["Funday"], DayStart = "18:00", DayEnd = "09:00", Holidays = ["31.12.2026"] }
            .Validate(new System.ComponentModel.DataAnnotations.ValidationContext(new object())).Select(r => r.ErrorMessage).ToList();
        Assert.Contains("BackOffice:Sla:TimeZone 'Mars/Olympus' is not a time zone (e.g. Europe/Moscow).", errors);
        Assert.Contains("BackOffice:Sla:WorkingDays has 'Funday', not a day of the week (Monday…Sunday).", errors);
        Assert.Contains("BackOffice:Sla:DayStart and DayEnd must be HH:mm with DayStart before DayEnd.", errors);
        Assert.Contains("BackOffice:Sla:Holidays has '31.12.2026', not a yyyy-MM-dd date.", errors);
    }
}

public sealed class SlaClockTests(PostgresCluster cluster, MailServers mail) : TicketsTest(cluster, mail)
{
    async Task<(DateTime? Due, DateTime? FirstAt, int? FirstMinutes, int Breaches)> SlaAsync(int number)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(DateTime?, DateTime?, int?, int)>(
            "select sla_due_at, first_response_at, first_response_minutes, sla_breaches from tickets where number = @number", new { number });
    }

    DateTime Now => Clock.GetUtcNow().UtcDateTime;

    [Fact]
    public async Task A_client_message_starts_the_clock_and_the_first_staff_answer_stops_it()
    {
        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 14, 30, 0, TimeSpan.Zero)); // Monday 17:30 in Moscow
        var n = (await TakeAsync(Message("buh@fabrika.example", "Срочно", "Не работает"))).TicketNumber!.Value;
        Assert.Equal(new DateTime(2026, 11, 24, 7, 30, 0), (await SlaAsync(n)).Due); // Tuesday 10:30 Moscow

        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 24, 6, 15, 0, TimeSpan.Zero)); // Tuesday 09:15: 45 working minutes later
        await Desk().ReplyAsync(n, "vdubikhin", "Смотрим");
        var after = await SlaAsync(n);
        Assert.Null(after.Due);
        Assert.Equal(45, after.FirstMinutes);

        // The client answers: a new clock; the first response stays what it was.
        Clock.Advance(TimeSpan.FromMinutes(10));
        await TakeAsync(Message("buh@fabrika.example", $"Re: Срочно [#{n}]", "Всё ещё не работает"));
        var again = await SlaAsync(n);
        Assert.Equal(Now.AddMinutes(120), again.Due);
        Assert.Equal(45, again.FirstMinutes);
    }

    [Fact]
    public async Task Waiting_on_hold_does_not_count()
    {
        var n = (await TakeAsync(Message("buh@fabrika.example", "Вопрос", "text"))).TicketNumber!.Value; // Monday 09:00, due 11:00
        Clock.Advance(TimeSpan.FromMinutes(30));
        await Desk().OpenAsync(n, "vdubikhin", "on_hold");
        Assert.Null((await SlaAsync(n)).Due);
        Clock.Advance(TimeSpan.FromHours(3)); // three hours waiting for the client's documents
        await Desk().OpenAsync(n, "vdubikhin", "in_progress");
        Assert.Equal(Now.AddMinutes(90), (await SlaAsync(n)).Due);
    }

    [Fact]
    public async Task The_watch_warns_15_minutes_ahead_and_marks_the_breach_once_each()
    {
        var n = (await TakeAsync(Message("buh@fabrika.example", "Срочно", "text"))).TicketNumber!.Value;
        await Desk().AssignAsync(n, "vdubikhin", "sfedorov");
        var watch = new SlaWatch(Db, Microsoft.Extensions.Options.Options.Create(SlaSettings), Opt, Clock);

        Clock.Advance(TimeSpan.FromMinutes(100)); // 20 minutes left: nothing yet
        Assert.Empty((await watch.RunAsync(default)).Warned);
        Clock.Advance(TimeSpan.FromMinutes(10)); // 10 minutes left
        Assert.Equal([n], (await watch.RunAsync(default)).Warned);
        Assert.Empty((await watch.RunAsync(default)).Warned);
        Assert.Equal([n], (await Desk().ListAsync(breaching: true)).Select(t => t.Number));

        Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal([n], (await watch.RunAsync(default)).Breached);
        Assert.Empty((await watch.RunAsync(default)).Breached);
        Assert.Equal(1, (await SlaAsync(n)).Breaches);
        Assert.Equal("breached", (await Desk().ListAsync(breaching: true)).Single().Sla);

        await using var conn = await Db.OpenConnectionAsync();
        var notices = (await conn.QueryAsync<(string Kind, string To)>("select kind, to_address from outgoing_mail where kind like 'sla_%' order by id")).ToList();
        Assert.Equal([("sla_warning", "sfedorov@company.test, support@company.test"), ("sla_breach", "sfedorov@company.test, support@company.test")], notices);
    }
}
