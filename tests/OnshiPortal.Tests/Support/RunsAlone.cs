namespace OnshiPortal.Tests.Support;

/// <summary>
/// Tests that start whole servers (PostgreSQL, nodes as processes, nginx, SMTP) and put them under load or faults:
/// they run after every other test and one at a time, so that their load does not slow the browser tests past their
/// timeouts and no other test's load bends their own bounds (a request answered within 3 s during an outage).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
