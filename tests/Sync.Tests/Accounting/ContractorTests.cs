using BackOffice.Sync.Accounting;
using BackOffice.Tests.Support;

namespace BackOffice.Sync.Tests.Accounting;

public class ContractorTests(PostgresCluster cluster) : MirrorTest(cluster)
{
    SyncProblems Problems => new(Database);

    async Task<SyncProblem> WaitsWithAsync(int clientId, string kind)
    {
        var (id, _) = await PublishAsync(clientId, 500m);
        var before = await SnapshotAsync("invoices", "invoice_lines", "onec_invoices", "clients", "payments");

        var report = await RunAsync();

        Assert.Equal((1, 1, 0), (report.Claimed, report.Waiting, report.Created));
        Assert.Empty(Documents1C());
        Assert.Equal(0, Posts());
        Assert.Equal(before, await SnapshotAsync("invoices", "invoice_lines", "onec_invoices", "clients", "payments"));
        Assert.Equal(0, await ScalarAsync<int>("select attempts from outbox where aggregate_id = @id and destination = 'onec'", new { id }));
        var problem = Assert.Single(await Problems.ListAsync());
        Assert.Equal((kind, clientId, "72815"), (problem.Kind, problem.ClientId, string.Join(",", problem.Invoices)));
        return problem;
    }

    [Fact]
    public async Task A_client_without_a_code_waits_and_setting_the_code_releases_its_invoices_on_the_next_run()
    {
        var problem = await WaitsWithAsync(Apelsin, "no_code");
        Assert.Equal("Client #12118 «ООО \"ОТЕЛЬ АПЕЛЬСИН\"» has no Union contractor code.", problem.Message);
        Assert.Equal("Set the Code of the client's contractor in 1C: backoffice client edit 12118 --contractor-code <Code>.", problem.Fix);

        Assert.Equal(1, (await RunAsync()).Waiting); // still waiting, still not counted as an attempt
        var key = OneC.Add("Catalog_Контрагенты", new() { ["Code"] = "00-012118", ["ИНН"] = "7708318386", ["КПП"] = "770801001" });
        OneC.Add("Catalog_ДоговорыКонтрагентов", new()
        {
            ["Owner_Key"] = key.ToString(), ["Организация_Key"] = LiveKey.ToString(), ["ВидДоговора"] = "СПокупателем",
        });
        await ExecAsync("update clients set contractor_code = '00-012118' where id = @Apelsin", new { Apelsin });

        Assert.Equal(1, (await RunAsync()).Created);
        Assert.Equal(key, OData.Key(Document1C("ЛТ00-072815"), "Контрагент_Key"));
        Assert.Empty(await Problems.ListAsync());
    }

    [Fact]
    public async Task A_code_1c_does_not_know_waits_and_no_contractor_is_created()
    {
        await ExecAsync("update clients set contractor_code = '00-099999' where id = @SetOteley", new { SetOteley });
        var contractors = OneC.All("Catalog_Контрагенты").Count;

        var problem = await WaitsWithAsync(SetOteley, "unknown_code");

        Assert.Equal("Client #12460 «ООО \"Сеть Отелей\"»: 1C has no contractor with Code «00-099999» in Catalog_Контрагенты.", problem.Message);
        Assert.Equal("Correct the code (backoffice client edit 12460 --contractor-code <Code>) or ask the accountants to create the contractor in 1C; it is never created from here.", problem.Fix);
        Assert.Equal(contractors, OneC.All("Catalog_Контрагенты").Count);
        Assert.DoesNotContain(OneC.Log, l => l.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_contractor_with_another_inn_waits()
    {
        var problem = await WaitsWithAsync(Vms, "inn_mismatch");

        Assert.Equal("Client #4314 «ООО \"ВМС-ГРУПП\"»: the 1C contractor «00-004314» has ИНН 5047099999 КПП 504701001, the client has ИНН 5047012346 КПП 504701001.", problem.Message);
        Assert.Equal("Correct the client's ИНН/КПП or its contractor code (backoffice client edit 4314 --contractor-code <Code>), whichever is wrong.", problem.Fix);
    }

    [Fact]
    public async Task A_contractor_with_another_kpp_waits_but_a_missing_kpp_on_one_side_is_not_a_mismatch()
    {
        await ExecAsync("update clients set kpp = '770845001' where id = @Fabrika", new { Fabrika });
        var problem = await WaitsWithAsync(Fabrika, "inn_mismatch");
        Assert.Contains("has ИНН 7708305901 КПП 770801001, the client has ИНН 7708305901 КПП 770845001", problem.Message);

        await ExecAsync("update clients set kpp = null where id = @Fabrika", new { Fabrika });
        Assert.Equal(1, (await RunAsync()).Created);
    }

    [Fact]
    public async Task A_contractor_without_a_contract_waits_unless_a_default_contract_is_configured()
    {
        var problem = await WaitsWithAsync(Tehprom, "no_contract");
        Assert.Equal("Client #9021 «ООО \"Тех.промышлен\"»: the 1C contractor «00-009021» has no contract with the buyer (СПокупателем) for organisation LIVE.", problem.Message);
        Assert.Equal("Ask the accountants to create the contract in 1C, or set BackOffice:Accounting:Organisations:LIVE:DefaultContractKey.", problem.Fix);
        Assert.DoesNotContain(OneC.All("Catalog_ДоговорыКонтрагентов"), c => OData.Key(c, "Owner_Key") == Contractors[Tehprom]);

        var fallback = Guid.NewGuid();
        using var services = Build(("Organisations:LIVE:DefaultContractKey", fallback.ToString()));
        Assert.Equal(1, (await RunAsync(services)).Created);
        Assert.Equal(fallback, OData.Key(Document1C("ЛТ00-072815"), "ДоговорКонтрагента_Key"));
        Assert.Empty(await Problems.ListAsync());
    }

    [Fact]
    public async Task Problems_list_each_affected_client_once_with_its_waiting_invoices()
    {
        await PublishAsync(Apelsin, 100m);
        await PublishAsync(Apelsin, 200m);
        await PublishAsync(Vms, 300m);
        await PublishAsync(Fabrika, 400m);

        var report = await RunAsync();

        Assert.Equal((4, 3, 1), (report.Claimed, report.Waiting, report.Created));
        var problems = await Problems.ListAsync();
        Assert.Equal([(Vms, "inn_mismatch", "72817"), (Apelsin, "no_code", "72815,72816")],
            problems.Select(p => (p.ClientId!.Value, p.Kind, string.Join(",", p.Invoices))).ToArray());
    }
}
