namespace BackOffice.Ledger.Clients;

/// <summary>One editable client field: its column, its label for people, how to read it, and whether it is contact data.</summary>
sealed record ClientField(string Column, string Label, bool IsContact, Func<Client, object?> Read, Func<ClientChanges, object?> Requested);

static class ClientFields
{
    // Contact data is what the seed copies into an important note before changing it (email, addresses, phone, КПП, company).
    public static readonly ClientField[] All =
    [
        new("first_name", "Имя", false, c => c.FirstName, ch => ch.FirstName),
        new("last_name", "Фамилия", false, c => c.LastName, ch => ch.LastName),
        new("company_name", "Название компании", true, c => c.CompanyName, ch => ch.CompanyName),
        new("email", "Email", true, c => c.Email, ch => ch.Email),
        new("phone", "Телефон", true, c => c.Phone, ch => ch.Phone),
        new("address1", "Основной адрес", true, c => c.Address1, ch => ch.Address1),
        new("address2", "Дополнительный адрес", true, c => c.Address2, ch => ch.Address2),
        new("city", "Город", true, c => c.City, ch => ch.City),
        new("region", "Область/регион", true, c => c.Region, ch => ch.Region),
        new("postcode", "Индекс", true, c => c.Postcode, ch => ch.Postcode),
        new("country", "Страна", true, c => c.Country, ch => ch.Country),
        new("postal_address", "Почтовый адрес", true, c => c.PostalAddress, ch => ch.PostalAddress),
        new("inn", "ИНН", true, c => c.Inn, ch => ch.Inn),
        new("kpp", "КПП", true, c => c.Kpp, ch => ch.Kpp),
        new("registration_number", "Рег. номер", false, c => c.RegistrationNumber, ch => ch.RegistrationNumber),
        new("licence_ownership_form", "Форма собственности лицензий 1С", false, c => c.LicenceOwnershipForm, ch => ch.LicenceOwnershipForm),
        new("contractor_code", "Код контрагента в Юнион", false, c => c.ContractorCode, ch => ch.ContractorCode),
        new("sales_manager_id", "Менеджер продаж", false, c => c.SalesManagerId, ch => ch.SalesManager),
        new("personal_manager_id", "Персональный менеджер", false, c => c.PersonalManagerId, ch => ch.PersonalManager),
        new("office", "Офис", false, c => c.Office, ch => ch.Office),
        new("department_id", "Отдел", false, c => c.DepartmentId, ch => ch.Department),
        new("is_lead", "ЛИД", false, c => c.IsLead, ch => ch.IsLead),
        new("utm", "utm-метки", false, c => c.Utm, ch => ch.Utm),
        new("no_late_fee", "Не штрафовать за просрочку", false, c => c.NoLateFee, ch => ch.NoLateFee),
        new("no_overdue_notices", "Не отправлять уведомлений о просрочке", false, c => c.NoOverdueNotices, ch => ch.NoOverdueNotices),
        new("no_invoice_mail", "Не отправлять счета по почте", false, c => c.NoInvoiceMail, ch => ch.NoInvoiceMail),
        new("tax_exempt", "Без налога", false, c => c.TaxExempt, ch => ch.TaxExempt),
        new("separate_invoices", "Разделять счета", false, c => c.SeparateInvoices, ch => ch.SeparateInvoices),
        new("no_auto_suspend", "Не отключать автоматически", false, c => c.NoAutoSuspend, ch => ch.NoAutoSuspend),
        new("good_payer", "Добросовестный плательщик", false, c => c.GoodPayer, ch => ch.GoodPayer),
        new("apply_credit", "Применять кредит к счетам", false, c => c.ApplyCredit, ch => ch.ApplyCredit),
        new("has_1c_reporting", "1С Отчетность", false, c => c.Has1cReporting, ch => ch.Has1cReporting),
        new("has_1c_edo", "1С ЭДО", false, c => c.Has1cEdo, ch => ch.Has1cEdo),
        new("has_1c_counterparty", "1С Контрагент", false, c => c.Has1cCounterparty, ch => ch.Has1cCounterparty),
        new("kazakhstan_paid_until", "Казахстан оплачено до", false, c => c.KazakhstanPaidUntil, ch => ch.KazakhstanPaidUntil),
        new("status", "Статус", false, c => c.Status, ch => ch.Status),
        new("default_payment_method", "Способ оплаты", false, c => c.DefaultPaymentMethod, ch => ch.DefaultPaymentMethod),
        new("admin_notes", "Админ. примечания", false, c => c.AdminNotes, ch => ch.AdminNotes),
    ];

    public static readonly IReadOnlyDictionary<string, ClientField> ByColumn = All.ToDictionary(f => f.Column);
}
