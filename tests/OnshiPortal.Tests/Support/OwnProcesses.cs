namespace OnshiPortal.Tests.Support;

/// <summary>
/// Tests that run the portal's command line or published app as processes and kill or lock them at a point a test
/// decides (a row held, a lock taken), never at a time: one at a time, so that two of them never hold the same
/// machine's processes, but beside the other tests, since no bound of theirs is a duration. Those whose bounds are
/// durations stay in <see cref="RunsAlone"/>.
/// </summary>
[CollectionDefinition(Name)]
public sealed class OwnProcesses
{
    public const string Name = "Own processes";
}
