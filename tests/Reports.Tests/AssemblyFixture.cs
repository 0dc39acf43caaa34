using BackOffice.Tests.Support;

[assembly: AssemblyFixture(typeof(PostgresCluster))]
