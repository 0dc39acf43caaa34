using BackOffice.Ledger.Staff;
using BackOffice.Reports.Engine;
using BackOffice.Web.Access;

namespace BackOffice.Web.Pages.Reports;

/// <summary>
/// Who may make which report from the page (admin: all), and how each is described to them. A manager who is not admin
/// gets only the reports made per manager, always for himself: <see cref="Scope"/> decides the manager, whatever the form said.
/// </summary>
public static class ReportAccess
{
    static readonly Dictionary<string, (string[] Roles, string Description)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["debtors"] = ([StaffRoles.Manager, StaffRoles.Accountant, StaffRoles.Treasury],
            "Клиенты со счетами, не оплаченными в срок на дату отчёта; долг по срокам: 1–30, 31–60, 61–90, 90+ дней."),
        ["clients"] = ([StaffRoles.Manager, StaffRoles.Accountant], "Клиенты с реквизитами, услугами и долгом."),
        ["invoices"] = ([StaffRoles.Manager, StaffRoles.Accountant, StaffRoles.Treasury], "Счета, выставленные за месяц, с оплатами."),
        ["renewals"] = ([StaffRoles.Manager, StaffRoles.Accountant], "Услуги, срок продления которых наступает в ближайшие дни."),
        ["new-clients"] = ([StaffRoles.Manager, StaffRoles.Accountant], "Клиенты, заведённые за месяц."),
        ["no-manager"] = ([StaffRoles.Accountant], "Платящие клиенты без менеджера за последние дни."),
        ["treasury"] = ([StaffRoles.Treasury, StaffRoles.Accountant], "Входящие платежи по выпискам за месяц; неразнесённые — на отдельном листе."),
        ["paid-no-sales"] = ([StaffRoles.Accountant], "Счета, оплаченные за месяц, без реализации в 1С: номер в 1С, контрагент, состояние обмена."),
        ["support-month"] = ([StaffRoles.Support], "Поддержка за месяц по отделам и сотрудникам: открыто, отвечено, закрыто, время первого ответа, SLA."),
    };

    public static bool May(CurrentStaff me, Report report)
    {
        if (me.IsScopedManager && !report.ByManager) return false;
        if (me.IsAdmin) return true;
        return Known.TryGetValue(report.Name, out var known) && known.Roles.Any(me.Has);
    }

    public static string Describe(Report report) => Known.TryGetValue(report.Name, out var known) ? known.Description : report.Description;

    /// <summary>The manager the report is made for: the scoped manager himself, never what the form sent.</summary>
    public static string? Scope(CurrentStaff me, string? asked) =>
        me.ScopeManagerId is { } own ? own.ToString(System.Globalization.CultureInfo.InvariantCulture) : asked;
}
