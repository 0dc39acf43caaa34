using System.Reflection;
using Xunit.v3;

namespace BackOffice.Web.Tests;

/// <summary>After each test, the browser contexts it opened through <see cref="WebSite"/> are closed.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosesBrowserContextsAttribute : BeforeAfterTestAttribute
{
    // xunit's hook is synchronous; closing a context is a short round trip to Chromium.
    public override void After(MethodInfo methodUnderTest, IXunitTest test) =>
        WebSite.Current?.CloseContextsOfAsync(test.UniqueID).GetAwaiter().GetResult();
}
