using System.Reflection;
using Xunit.v3;

[assembly: OnshiPortal.Tests.Support.ClosesBrowserContexts]

namespace OnshiPortal.Tests.Support;

/// <summary>
/// After every test, closes the browser contexts it opened (<see cref="Browser.NewPageAsync"/>). On the thread pool:
/// xUnit's own synchronization context would queue Playwright's continuations behind this blocked call.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosesBrowserContextsAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) =>
        Task.Run(() => Browser.CloseContextsOfAsync(test.UniqueID).AsTask()).GetAwaiter().GetResult();
}
