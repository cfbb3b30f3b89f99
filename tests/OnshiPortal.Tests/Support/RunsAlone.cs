namespace OnshiPortal.Tests.Support;

/// <summary>
/// Tests whose bounds are durations under load (a request answered within 3 s while PostgreSQL restarts, the outbox
/// after an SMTP outage): they run after every other test and one at a time, so that no other test's load bends their
/// bounds. Process tests bounded by events, not durations, are in <see cref="OwnProcesses"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
