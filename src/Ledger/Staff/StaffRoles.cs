namespace BackOffice.Ledger.Staff;

/// <summary>What a staff member may open in the web pages (staff.roles; the migration's check names the same five).</summary>
public static class StaffRoles
{
    public const string Support = "support", Treasury = "treasury", Manager = "manager", Accountant = "accountant", Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Support, Treasury, Manager, Accountant, Admin];
    public static readonly RefusalCode Unknown = new("staff.unknown-role");

    /// <summary>"support, treasury" → the known roles in a fixed order; an unknown one is refused naming the five.</summary>
    public static string[] Parse(string list)
    {
        var names = list.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(r => r.ToLowerInvariant()).ToList();
        if (names.Count == 1 && names[0] == "none") return [];
        var unknown = names.Where(n => !All.Contains(n)).ToList();
        if (unknown.Count > 0)
            throw new InvalidInput(Unknown, "roles", $"Unknown role '{unknown[0]}': a role is one of {string.Join(", ", All)} (or none).");
        return All.Where(names.Contains).ToArray();
    }
}
