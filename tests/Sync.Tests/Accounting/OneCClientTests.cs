using System.Text.Json.Nodes;
using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support.FakeOneC;

namespace BackOffice.Sync.Tests.Accounting;

public sealed class OneCClientTests : IAsyncLifetime
{
    FakeOneCServer _fake = null!;

    public async ValueTask InitializeAsync() => _fake = await FakeOneCServer.StartAsync();

    public async ValueTask DisposeAsync() => await _fake.DisposeAsync();

    OneCClient Client(params (string, string?)[] more) => OneCHarness.Services(OneCHarness.Settings(_fake, more)).Client();

    [Fact]
    public async Task Cyrillic_names_filter_literals_and_utf8_credentials_reach_1c_and_come_back()
    {
        var key = _fake.Add("Catalog_Контрагенты", new JsonObject
        {
            ["Code"] = "00-000123", ["Description"] = "ООО «Ромашка» и 'К'", ["ИНН"] = "7701234567", ["КПП"] = "770101001",
        });
        _fake.Add("Catalog_Контрагенты", new JsonObject { ["Code"] = "00-000124", ["Description"] = "Другой" });
        var client = Client();

        var byCode = await client.QueryAsync(client.Contractors, "Code eq " + OData.Text("00-000123"), default);
        var byName = await client.QueryAsync(client.Contractors, "Description eq " + OData.Text("ООО «Ромашка» и 'К'"), default);

        Assert.Equal(key, OData.Key(Assert.Single(byCode), "Ref_Key"));
        Assert.Equal("7701234567", OData.String(Assert.Single(byName), "ИНН"));
        Assert.Contains(_fake.Log, l => l.StartsWith("GET /bp/odata/standard.odata/Catalog_Контрагенты?$format=json&$filter=Code eq '00-000123'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_created_document_comes_back_with_its_key_and_int64_values_as_strings()
    {
        var client = Client();
        var created = await client.CreateAsync(client.Invoices, new JsonObject
        {
            ["Number"] = "ЛТ00-072815", ["Date"] = "2026-11-23T09:00:00", ["СуммаДокумента"] = 100.5,
            ["Товары"] = new JsonArray(new JsonObject { ["LineNumber"] = 1, ["Сумма"] = 100.5 }),
        }, default);

        var key = OData.Key(created, "Ref_Key")!.Value;
        var read = await client.GetAsync(client.Invoices, key, default);
        Assert.Equal("1", read!["Товары"]![0]!["LineNumber"]!.GetValue<string>());
        Assert.Equal(100.5m, OData.Decimal(read, "СуммаДокумента"));
        Assert.Equal("StandardODATA.Undefined", OData.String(read, "ДокументОснование_Type"));
        Assert.Null(await client.GetAsync(client.Invoices, Guid.NewGuid(), default));
    }

    [Fact]
    public async Task An_odata_error_body_becomes_a_typed_error_with_code_and_message()
    {
        var client = Client();
        var e = await Assert.ThrowsAsync<OneCException>(() => client.QueryAsync(client.Contractors, "Code eq", default));

        Assert.Equal((OneCFailureKind.Rejected, 400, "14"), (e.Kind, e.Status, e.Code));
        Assert.Equal("1C refused the request (HTTP 400, code 14: «Error parsing $filter query option»).", e.Message);
    }

    [Fact]
    public async Task Rows_without_line_number_are_refused_and_a_duplicate_number_in_the_same_year_is_recognised()
    {
        var client = Client();
        var noLine = await Assert.ThrowsAsync<OneCException>(() => client.CreateAsync(client.Invoices,
            new JsonObject { ["Number"] = "ЛТ00-000001", ["Товары"] = new JsonArray(new JsonObject { ["Сумма"] = 1 }) }, default));
        Assert.Equal((OneCFailureKind.Unavailable, 500, "-1"), (noLine.Kind, noLine.Status, noLine.Code));

        var doc = new JsonObject { ["Number"] = "ЛТ00-000002", ["Date"] = "2026-01-10T10:00:00" };
        await client.CreateAsync(client.Invoices, (JsonObject)doc.DeepClone(), default);
        var dup = await Assert.ThrowsAsync<OneCException>(() => client.CreateAsync(client.Invoices, (JsonObject)doc.DeepClone(), default));
        Assert.Equal(OneCFailureKind.DuplicateNumber, dup.Kind);
        Assert.Contains("Значение поля \"Номер\" не уникально", dup.Message);

        doc["Date"] = "2027-01-10T10:00:00";
        await client.CreateAsync(client.Invoices, doc, default); // another year: allowed
        Assert.Equal(2, _fake.All("Document_СчетНаОплатуПокупателю").Count);
    }

    [Fact]
    public async Task Wrong_credentials_an_html_page_and_an_unpublished_entity_are_configuration_problems_naming_the_setting()
    {
        var wrong = Client(("Password", "не тот"));
        var e401 = await Assert.ThrowsAsync<OneCException>(() => wrong.QueryAsync(wrong.Contractors, "Code eq '1'", default));
        Assert.Equal((OneCFailureKind.Configuration, 401), (e401.Kind, e401.Status));
        Assert.Equal("1C refused the credentials (HTTP 401): check BackOffice:Accounting:User and BackOffice:Accounting:Password.", e401.Message);

        var client = Client();
        _fake.FailNext(FakeFailure.HtmlLoginPage);
        var html = await Assert.ThrowsAsync<OneCException>(() => client.QueryAsync(client.Contractors, "Code eq '1'", default));
        Assert.Equal(OneCFailureKind.Configuration, html.Kind);
        Assert.StartsWith("1C sent text/html where JSON was expected (HTTP 200, \"<!DOCTYPE html><html><head><title>1С:Предприятие", html.Message);
        Assert.EndsWith("Check BackOffice:Accounting:BaseUrl (it must end in /odata/standard.odata/) and BackOffice:Accounting:User/Password.", html.Message);

        _fake.Unpublish("Catalog_ДоговорыКонтрагентов");
        var missing = await Assert.ThrowsAsync<OneCException>(() => client.QueryAsync(client.Contracts, "Owner_Key eq guid'00000000-0000-0000-0000-000000000001'", default));
        Assert.Equal(OneCFailureKind.Configuration, missing.Kind);
        Assert.Equal("1C does not publish Catalog_ДоговорыКонтрагентов (HTTP 404: Не найден тип сущности Catalog_ДоговорыКонтрагентов): add it to the standard OData interface's composition, or fix BackOffice:Accounting:Entities:Contracts (and BackOffice:Accounting:BaseUrl).", missing.Message);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_said_so()
    {
        var client = Client();
        _fake.FailNext(FakeFailure.NotJson, method: "POST");
        var e = await Assert.ThrowsAsync<OneCException>(() => client.CreateAsync(client.Invoices, new JsonObject { ["Number"] = "ЛТ00-000003" }, default));
        Assert.Equal("1C's answer is not JSON (\"Сервис временно недоступен, повторите запрос позже\").", e.Message);
        Assert.Equal(OneCFailureKind.Unavailable, e.Kind);
    }

    [Fact]
    public async Task Reads_are_retried_through_errors_and_dropped_connections_but_writes_are_sent_once()
    {
        _fake.Add("Catalog_Контрагенты", new JsonObject { ["Code"] = "00-000123" });
        var client = Client();
        _fake.FailNext(FakeFailure.Error500, method: "GET");
        _fake.FailNext(FakeFailure.Drop, method: "GET");
        Assert.Single(await client.QueryAsync(client.Contractors, "Code eq '00-000123'", default));
        Assert.Equal(3, _fake.Requests);

        _fake.FailNext(FakeFailure.Error500, method: "POST");
        var e = await Assert.ThrowsAsync<OneCException>(() => client.CreateAsync(client.Invoices, new JsonObject { ["Number"] = "ЛТ00-000004" }, default));
        Assert.Equal((OneCFailureKind.Unavailable, 500), (e.Kind, e.Status));
        Assert.Equal(1, _fake.Log.Count(l => l.StartsWith("POST", StringComparison.Ordinal)));
        Assert.Empty(_fake.All("Document_СчетНаОплатуПокупателю"));
    }

    [Fact]
    public async Task A_stalled_call_ends_at_the_timeout_as_unavailable()
    {
        var client = Client(("TimeoutSeconds", "1"));
        _fake.FailNext(FakeFailure.Stall, method: "POST");
        var e = await Assert.ThrowsAsync<OneCException>(() => client.CreateAsync(client.Invoices, new JsonObject { ["Number"] = "ЛТ00-000005" }, default));
        Assert.Equal(OneCFailureKind.Unavailable, e.Kind);
        Assert.Equal("1C did not answer (no answer within 1 s).", e.Message);
    }
}
