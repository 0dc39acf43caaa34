using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BackOffice.Tickets.Sla;

/// <summary>BackOffice:Sla — the working calendar the 2-hour answer time is counted on.</summary>
public sealed class SlaOptions : IValidatableObject
{
    public const string Section = "BackOffice:Sla";

    [Range(1, 100_000)] public int TargetMinutes { get; set; } = 120;
    [Range(0, 1440)] public int WarnMinutes { get; set; } = 15;
    public string TimeZone { get; set; } = "Europe/Moscow";
    /// <summary>true: a 24×7 desk, every minute counts (the days, hours and holidays below are ignored).</summary>
    public bool AlwaysOpen { get; set; }
    public string[] WorkingDays { get; set; } = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    public string DayStart { get; set; } = "09:00";
    public string DayEnd { get; set; } = "18:00";
    /// <summary>Days off, yyyy-MM-dd.</summary>
    public string[] Holidays { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
            yield return new ValidationResult($"{Section}:TimeZone '{TimeZone}' is not a time zone (e.g. Europe/Moscow).", [nameof(TimeZone)]);
        if (AlwaysOpen) yield break;
        foreach (var d in WorkingDays)
            if (!Enum.TryParse<DayOfWeek>(d, true, out _))
                yield return new ValidationResult($"{Section}:WorkingDays has '{d}', not a day of the week (Monday…Sunday).", [nameof(WorkingDays)]);
        if (!TimeOnly.TryParseExact(DayStart, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(DayEnd, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end) || end <= start)
            yield return new ValidationResult($"{Section}:DayStart and DayEnd must be HH:mm with DayStart before DayEnd.", [nameof(DayStart)]);
        foreach (var h in Holidays)
            if (!DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return new ValidationResult($"{Section}:Holidays has '{h}', not a yyyy-MM-dd date.", [nameof(Holidays)]);
        if (WorkingDays.Length == 0)
            yield return new ValidationResult($"{Section}:WorkingDays is empty: no minute would ever count (use AlwaysOpen for 24×7).", [nameof(WorkingDays)]);
    }
}
