using BackOffice.Web.Tests;

[assembly: AssemblyFixture(typeof(WebSite))]
[assembly: ClosesBrowserContexts]
