namespace BackOffice.Web.Tests;

/// <summary>
/// Tests that count the whole shared database (the header's figures) or add to what those count (tickets): they run after
/// the others, one at a time, so no figure changes between a test's count and its page. Every other page test adds to the
/// shared database too (invoices, orders), so a header count taken beside them was seen off by one in CI.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "runs alone";
}
