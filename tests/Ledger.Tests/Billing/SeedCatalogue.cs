using BackOffice.Ledger.Billing;

namespace BackOffice.Ledger.Tests.Billing;

/// <summary>
/// The catalogue behind seed 003's invoices 71475 and 72557 (client #7583, ООО «Фабрика Бизнеса»). Prices live in
/// the priced options; semi-annual is six months less 5% (800 → 4560, 450 → 2565). The hotel licence, the disk pack
/// and the rented 1C configurations are sold per half-year only, so their option lines show the half-year price.
/// </summary>
static class SeedCatalogue
{
    public static readonly DateOnly Due71475 = new(2019, 2, 1);
    public static readonly DateOnly Issued71475 = new(2019, 1, 12);

    public static readonly IReadOnlyList<VatRate> VatRates =
        [new(new DateOnly(2004, 1, 1), 18m), new(new DateOnly(2019, 1, 1), 20m), new(new DateOnly(2026, 1, 1), 22m)];

    public const int UserAccessId = 1, LicencePackageId = 2, HotelId = 3, DiskPackId = 4;

    public static readonly PromoCode ReferencePromo =
        new("REF5", "Скидка для референсных клиентов 5%", PromoKind.Percent, 5m, ProductIds: [HotelId]);

    public static Dictionary<BillingCycle, decimal> Prices(decimal? monthly = null, decimal? semiAnnual = null)
    {
        var prices = new Dictionary<BillingCycle, decimal>();
        if (monthly is { } m) prices[BillingCycle.Monthly] = m;
        if (semiAnnual is { } s) prices[BillingCycle.SemiAnnual] = s;
        return prices;
    }

    public static BillableService UserAccess(int users, DateOnly? due = null) =>
        new(UserAccessId, "Доступ на пользователя \"Стандарт\"", BillingCycle.SemiAnnual, 0m, due ?? Due71475)
        {
            ServiceId = 20804,
            Options = [new("Количество пользователей", "Пользователь", users, true, Prices(800m, 4560m))],
        };

    public static BillableService LicencePackage(int licences) =>
        new(LicencePackageId, "Пакет лицензий 1С в аренду", BillingCycle.SemiAnnual, 0m, Due71475)
        {
            ServiceId = 20805,
            Options =
            [
                new("Лицензии в аренду", "Кол-во пользователей", licences, true, Prices(450m, 2565m)),
                new("1С:Зарплата и Управление Персоналом ПРОФ. Редакция 3.0", "опция подключена", 1, false, Prices(semiAnnual: 13380m)),
                new("1С:Бухгалтерия 8 ПРОФ. Редакция 3.0", "опция подключена", 1, false, Prices(semiAnnual: 13380m)),
            ],
        };

    public static BillableService Hotel(PromoCode? promo = null) =>
        new(HotelId, "БИТ:Отель 8. ПРОФ", BillingCycle.SemiAnnual, 0m, Due71475)
        {
            ServiceId = 20806,
            Options = [new("Кол-во", "шт.", 1, true, Prices(semiAnnual: 13380m))],
            Promo = promo,
        };

    public static BillableService DiskPack(BillingPeriod period) =>
        new(DiskPackId, "Пакет дискового пространства 5ГБ", BillingCycle.SemiAnnual, 0m, period.Start)
        {
            ServiceId = 30806,
            Options = [new("Пакет дискового пространства 5ГБ", "шт", 1, true, Prices(semiAnnual: 360m))],
            Period = period,
        };

    public static InvoiceRequest Invoice71475() =>
        new(Issued71475, Due71475, [UserAccess(5), LicencePackage(5), Hotel(ReferencePromo)], VatRates);
}
