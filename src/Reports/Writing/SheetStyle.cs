using BackOffice.Reports.Engine;

namespace BackOffice.Reports.Writing;

/// <summary>How a sheet looks, shared by the ClosedXML writer and the bench's streaming floor.</summary>
public static class SheetStyle
{
    /// <summary>Roubles with the ₽ sign in the Russian locale: grouped thousands, two kopeck digits, negatives with a minus.</summary>
    public const string Rub = "#,##0.00\\ [$₽-419]";
    public const string Date = "dd.mm.yyyy";
    public const string Integer = "0";
    public const string Percent = "0.0%";

    public const string HeaderFill = "#DDEBF7";
    public const string ClientTotalFill = "#EDEDED";
    public const string ManagerTotalFill = "#D9D9D9";
    public const string GrandTotalFill = "#BFBFBF";

    /// <summary>Overdue rows shaded by age: the older the debt, the warmer the colour.</summary>
    public static string? OverdueFill(int daysOverdue) => daysOverdue switch
    {
        <= 0 => null,
        <= 30 => "#FFF2CC",
        <= 60 => "#FCE4D6",
        <= 90 => "#F8CBAD",
        _ => "#FF9999",
    };

    public static string? Format(CellKind kind) => kind switch
    {
        CellKind.Money => Rub,
        CellKind.Date => Date,
        CellKind.Integer => Integer,
        CellKind.Percent => Percent,
        _ => null,
    };

    public static string? TotalFill(RowKind kind) => kind switch
    {
        RowKind.ClientTotal => ClientTotalFill,
        RowKind.ManagerTotal => ManagerTotalFill,
        RowKind.GrandTotal => GrandTotalFill,
        _ => null,
    };
}
