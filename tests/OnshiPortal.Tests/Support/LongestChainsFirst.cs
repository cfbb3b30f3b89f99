using OnshiPortal.Tests.EndToEnd;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(OnshiPortal.Tests.Support.LongestChainsFirst))]

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Starts the test collections that take longest one after another first: the two browser lanes (each about a third
/// of the run, their journeys one at a time), then the process tests (one at a time too), then the PostgreSQL classes
/// (about twice their SQLite twins), and the quick ones last, where they fill the cores while the lanes finish.
/// xUnit's default order is random per run: a run that happened to start a browser lane late took minutes longer.
/// <see cref="RunsAlone"/> is not ordered here: xUnit runs it after every parallel collection.
/// </summary>
public sealed class LongestChainsFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : notnull, ITestCollection =>
        [.. testCollections.OrderBy(c => Rank(c)).ThenBy(c => c.TestCollectionDisplayName, StringComparer.Ordinal)];

    private static int Rank(ITestCollection collection)
    {
        var name = collection.TestCollectionDisplayName;
        return name switch
        {
            BrowserCollection.Name or DocumentBrowserCollection.Name => 0,
            OwnProcesses.Name => 1,
            _ when name.Contains("OnPostgres", StringComparison.Ordinal) => 2,
            _ when name.Contains(".Unit.", StringComparison.Ordinal) || name.Contains(".Fuzz.", StringComparison.Ordinal) => 4,
            _ => 3,
        };
    }
}
