using BackOffice.Ledger;
using BackOffice.Ledger.Billing;
using BackOffice.Ledger.Staff;
using BackOffice.Reports.Engine;
using BackOffice.Reports.Writing;
using BackOffice.Web.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackOffice.Web.Pages.Reports;

/// <summary>One report: its form, generated from what the report takes, and the workbook made by the same engine as `report`.</summary>
public sealed class ReportModel(ReportEngine engine, StaffDirectory staff, CurrentStaff me, TimeProvider clock) : PageModel
{
    public Report Report { get; private set; } = null!;
    public ReportForm Form { get; } = new();
    public IReadOnlyList<StaffMember> Managers { get; private set; } = [];
    public DateOnly Today { get; private set; }
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name) => Find(name) ? await ShowAsync() : NotFound();

    public async Task<IActionResult> OnGetDownloadAsync(string name, string? asOf, string? manager, string? month, string? days, string? format)
    {
        if (!Find(name)) return NotFound();
        (Form.AsOf, Form.Manager, Form.Month, Form.Days, Form.Format) = (asOf, manager, month, days, format);
        var (request, field, error) = Form.Read(Report, Today, ReportAccess.Scope(me, manager));
        if (request is null) return await ShowAsync(field, error);
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        var output = new FileStream(Path.Combine(Path.GetTempPath(), $"backoffice-report-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew,
            FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
        try
        {
            var written = await engine.WriteAsync(Report.Name, request, Today, csv ? ReportFormat.Csv : ReportFormat.Xlsx, output, null,
                HttpContext.RequestAborted);
            output.Position = 0;
            var file = me.IsScopedManager ? $"{Report.Name}-{me.Login}-{written.AsOf:yyyy-MM-dd}.{written.Format}" : written.File;
            return File(output, csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        }
        catch (InvalidInput e)
        {
            await output.DisposeAsync();
            var (f, message) = ReportForm.Refusal(e);
            return await ShowAsync(f, message);
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    bool Find(string name)
    {
        Today = BusinessDay.Today(clock);
        var report = engine.Catalogue.All.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));
        if (report is null || !ReportAccess.May(me, report)) return false;
        Report = report;
        return true;
    }

    async Task<IActionResult> ShowAsync(string? field = null, string? error = null)
    {
        (ErrorField, Error) = (field, error);
        if (Report.ByManager && !me.IsScopedManager)
        {
            var all = await staff.ListAsync(HttpContext.RequestAborted);
            // The support desk's report is per staff member; the others per manager.
            Managers = all.Where(s => s.Active && (Report.Name == "support-month" || s.IsSalesManager || s.Roles.Contains(StaffRoles.Manager)))
                .OrderBy(s => s.FullName).ToList();
        }
        return Page();
    }
}
