using BackOffice.Tests.Support;

namespace BackOffice.Worker.Tests;

/// <summary>
/// The demo data loaded once per run by the real `demo-data` verb (which also brings the schema up to date as every verb
/// does, Quartz's tables included) into a template that tests copy. A copy holds exactly what loading the demo data into
/// a fresh database gives; `demo-data` itself is still run per test where it is the point (ClientVerbTests and others).
/// </summary>
static class DemoTemplate
{
    public static Task<string> NameAsync(PostgresCluster cluster) => cluster.DerivedTemplateAsync("demo", async cs =>
    {
        var demo = await CliRun.Of(new Dictionary<string, string?> { ["ConnectionStrings:BackOffice"] = cs }, "demo-data");
        if (demo.ExitCode != 0) throw new InvalidOperationException("demo-data failed on the template: " + demo);
    });
}
