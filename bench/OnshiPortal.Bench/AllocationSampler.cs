using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace OnshiPortal.Bench;

/// <summary>
/// Which types a run allocates most, from the runtime's allocation ticks (one event about every 100 KB allocated, naming
/// the type of the object that crossed it): a sample proportional to bytes, without a profiler.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> ticks = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) == true && eventData.PayloadNames is { } names)
        {
            var type = eventData.Payload?[names.IndexOf("TypeName")] as string ?? "?";
            ticks.AddOrUpdate(type, 1, (_, n) => n + 1);
        }
    }

    public void Report(int top = 25)
    {
        var total = Math.Max(1, ticks.Values.Sum());
        foreach (var (type, n) in ticks.OrderByDescending(t => t.Value).Take(top))
        {
            Console.WriteLine($"{100.0 * n / total,6:F1}%  {type}");
        }
    }
}
