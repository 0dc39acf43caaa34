using BackOffice.Tests.Support;

[assembly: AssemblyFixture(typeof(PostgresCluster))]
[assembly: AssemblyFixture(typeof(MariaDbServer))]
