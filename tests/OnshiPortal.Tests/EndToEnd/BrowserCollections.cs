using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

// The browser tests run in two lanes, each one journey at a time in its own Chromium, the two lanes beside each other
// and beside the other tests: one lane was the suite's longest chain (7 of its 10 minutes). A lane is a collection,
// so its journeys never share a browser with each other at once.

/// <summary>The journeys of forms and lists.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}

/// <summary>
/// The journeys that show, upload or download PDFs, together, so that no two of them render at once: a review page
/// embedding PDF viewers beside another such journey in one browser made the campaign's screenshot time out.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DocumentBrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser, documents";
}
