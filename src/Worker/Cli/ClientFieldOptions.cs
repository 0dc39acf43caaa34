using System.CommandLine;
using BackOffice.Ledger.Clients;

namespace BackOffice.Worker.Cli;

/// <summary>The client fields as command-line options, shared by `client add` and `client edit`.</summary>
sealed class ClientFieldOptions
{
    readonly Option<string?> _firstName, _lastName, _company, _email, _phone, _address1, _address2, _city, _region, _postcode,
        _country, _postalAddress, _inn, _kpp, _regNumber, _licenceForm, _contractorCode, _salesManager, _personalManager, _office,
        _department, _utm, _status, _paymentMethod, _adminNotes;
    readonly Option<bool?> _lead, _noLateFee, _noNotices, _noInvoiceMail, _taxExempt, _separateInvoices, _noAutoSuspend, _goodPayer, _applyCredit,
        _reporting, _edo, _counterparty;
    readonly Option<DateOnly?> _kazakhstan;
    readonly List<Option> _all = [];

    public ClientFieldOptions(bool required)
    {
        _firstName = Text("--first-name", "Имя", required);
        _lastName = Text("--last-name", "Фамилия");
        _company = Text("--company", "Название компании");
        _email = Text("--email", "Email: the primary contact, unique across clients", required);
        _phone = Text("--phone", "Номер телефона");
        _address1 = Text("--address", "Основной адрес");
        _address2 = Text("--address2", "Дополнительный адрес");
        _city = Text("--city", "Город");
        _region = Text("--region", "Область/регион");
        _postcode = Text("--postcode", "Индекс");
        _country = Text("--country", "Страна (RU, KZ…)");
        _postalAddress = Text("--postal-address", "Почтовый адрес");
        _inn = Text("--inn", "ИНН: 10 digits (organisation) or 12 (individual, ИП)");
        _kpp = Text("--kpp", "КПП: 9 characters");
        _regNumber = Text("--reg-number", "Рег. номер (ОГРН)");
        _licenceForm = Text("--licence-form", "Форма собственности лицензий 1С");
        _contractorCode = Text("--contractor-code", "Код контрагента в Юнион (the 1C contractor's Code)");
        _salesManager = Text("--sales-manager", "Sales manager: staff login or name");
        _personalManager = Text("--personal-manager", "Personal manager: staff login or name");
        _office = Text("--office", "Office that brought the client");
        _department = Text("--department", "Department that brought the client");
        _utm = Text("--utm", "utm-метки");
        _status = Text("--status", "active, inactive or closed");
        _paymentMethod = Text("--payment-method", "Default payment method");
        _adminNotes = Text("--admin-notes", "Админ. примечания");
        _lead = Flag("--lead", "ЛИД");
        _noLateFee = Flag("--no-late-fee", "Не штрафовать за просрочку");
        _noNotices = Flag("--no-overdue-notices", "Не отправлять уведомлений о просрочке");
        _noInvoiceMail = Flag("--no-invoice-mail", "Не отправлять счета по почте (published invoices are not mailed to this client)");
        _taxExempt = Flag("--tax-exempt", "Не облагать счета налогом");
        _separateInvoices = Flag("--separate-invoices", "Отдельные счета для разных услуг");
        _noAutoSuspend = Flag("--no-auto-suspend", "НЕ ОТКЛЮЧАТЬ автоматическим отключателем");
        _goodPayer = Flag("--good-payer", "Добросовестный плательщик");
        _applyCredit = Flag("--apply-credit", "Apply credit balance to new invoices automatically");
        _reporting = Flag("--1c-reporting", "Опция «1С Отчетность»");
        _edo = Flag("--1c-edo", "Опция «1С ЭДО»");
        _counterparty = Flag("--1c-counterparty", "Опция «1С Контрагент»");
        _kazakhstan = CliValues.Date("--kazakhstan-paid-until", "Казахстан оплачено до");
        _all.Add(_kazakhstan);
    }

    public void AddTo(Command command)
    {
        foreach (var o in _all) command.Add(o);
    }

    public ClientChanges Read(ParseResult r) => new()
    {
        FirstName = r.GetValue(_firstName),
        LastName = r.GetValue(_lastName),
        CompanyName = r.GetValue(_company),
        Email = r.GetValue(_email),
        Phone = r.GetValue(_phone),
        Address1 = r.GetValue(_address1),
        Address2 = r.GetValue(_address2),
        City = r.GetValue(_city),
        Region = r.GetValue(_region),
        Postcode = r.GetValue(_postcode),
        Country = r.GetValue(_country),
        PostalAddress = r.GetValue(_postalAddress),
        Inn = r.GetValue(_inn),
        Kpp = r.GetValue(_kpp),
        RegistrationNumber = r.GetValue(_regNumber),
        LicenceOwnershipForm = r.GetValue(_licenceForm),
        ContractorCode = r.GetValue(_contractorCode),
        SalesManager = r.GetValue(_salesManager),
        PersonalManager = r.GetValue(_personalManager),
        Office = r.GetValue(_office),
        Department = r.GetValue(_department),
        Utm = r.GetValue(_utm),
        Status = r.GetValue(_status),
        DefaultPaymentMethod = r.GetValue(_paymentMethod),
        AdminNotes = r.GetValue(_adminNotes),
        IsLead = r.GetValue(_lead),
        NoLateFee = r.GetValue(_noLateFee),
        NoOverdueNotices = r.GetValue(_noNotices),
        NoInvoiceMail = r.GetValue(_noInvoiceMail),
        TaxExempt = r.GetValue(_taxExempt),
        SeparateInvoices = r.GetValue(_separateInvoices),
        NoAutoSuspend = r.GetValue(_noAutoSuspend),
        GoodPayer = r.GetValue(_goodPayer),
        ApplyCredit = r.GetValue(_applyCredit),
        Has1cReporting = r.GetValue(_reporting),
        Has1cEdo = r.GetValue(_edo),
        Has1cCounterparty = r.GetValue(_counterparty),
        KazakhstanPaidUntil = r.GetValue(_kazakhstan),
    };

    Option<string?> Text(string name, string description, bool required = false)
    {
        var o = new Option<string?>(name) { Description = description, Required = required };
        _all.Add(o);
        return o;
    }

    Option<bool?> Flag(string name, string description)
    {
        var o = new Option<bool?>(name) { Description = description + " (true/false)" };
        _all.Add(o);
        return o;
    }
}
