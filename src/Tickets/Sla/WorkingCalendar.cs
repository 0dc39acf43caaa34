using System.Globalization;

namespace BackOffice.Tickets.Sla;

/// <summary>Working time: the configured days and hours in the configured time zone, holidays excepted; or every minute (24×7).</summary>
public sealed class WorkingCalendar
{
    readonly TimeZoneInfo _zone;
    readonly bool _always;
    readonly HashSet<DayOfWeek> _days;
    readonly TimeOnly _start, _end;
    readonly HashSet<DateOnly> _holidays;

    public WorkingCalendar(SlaOptions o)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone);
        _always = o.AlwaysOpen;
        _days = o.WorkingDays.Select(d => Enum.Parse<DayOfWeek>(d, true)).ToHashSet();
        _start = TimeOnly.ParseExact(o.DayStart, "HH:mm", CultureInfo.InvariantCulture);
        _end = TimeOnly.ParseExact(o.DayEnd, "HH:mm", CultureInfo.InvariantCulture);
        _holidays = o.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        if (!_always && _days.Count == 0) throw new ArgumentException("a calendar without working days never counts a minute");
    }

    /// <summary>The instant that lies the given working minutes after start (UTC in, UTC out).</summary>
    public DateTime AddWorkingMinutes(DateTime startUtc, int minutes)
    {
        if (_always) return startUtc.AddMinutes(minutes);
        var at = startUtc;
        var left = TimeSpan.FromMinutes(minutes);
        for (var guard = 0; guard < 10_000; guard++)
        {
            var (windowStart, windowEnd) = WindowAtOrAfter(at);
            if (at < windowStart) at = windowStart;
            var available = windowEnd - at;
            if (available >= left) return at + left;
            left -= available;
            at = windowEnd;
        }
        throw new InvalidOperationException("the working calendar has no working time within 10 000 days");
    }

    /// <summary>Working minutes between two instants (0 when to is before from).</summary>
    public int WorkingMinutesBetween(DateTime fromUtc, DateTime toUtc)
    {
        if (toUtc <= fromUtc) return 0;
        if (_always) return (int)Math.Round((toUtc - fromUtc).TotalMinutes);
        var total = TimeSpan.Zero;
        var at = fromUtc;
        for (var guard = 0; guard < 10_000 && at < toUtc; guard++)
        {
            var (windowStart, windowEnd) = WindowAtOrAfter(at);
            if (windowStart >= toUtc) break;
            var s = at > windowStart ? at : windowStart;
            var e = windowEnd < toUtc ? windowEnd : toUtc;
            if (e > s) total += e - s;
            at = windowEnd;
        }
        return (int)Math.Round(total.TotalMinutes);
    }

    /// <summary>The working window containing the instant, or the next one after it (UTC).</summary>
    (DateTime Start, DateTime End) WindowAtOrAfter(DateTime utc)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone);
        var day = DateOnly.FromDateTime(local);
        for (var i = 0; i < 10_000; i++, day = day.AddDays(1))
        {
            if (!_days.Contains(day.DayOfWeek) || _holidays.Contains(day)) continue;
            var start = ToUtc(day.ToDateTime(_start));
            var end = ToUtc(day.ToDateTime(_end));
            if (end > utc) return (start, end);
        }
        throw new InvalidOperationException("the working calendar has no working day within 10 000 days");
    }

    DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), _zone);
}
