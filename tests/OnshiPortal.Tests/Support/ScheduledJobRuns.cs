using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Tests.Support;

/// <summary>A product job run as the scheduler runs it on one node: its own scope, after checking the shipped schedule.</summary>
public static class ScheduledJobRuns
{
    /// <summary>Runs the job <typeparamref name="TJob"/> named <paramref name="name"/>, whose shipped schedule must be <paramref name="schedule"/>; its summary.</summary>
    public static async Task<string> RunJobAsync<TJob>(this WebApplicationFactory<Program> app, string name, string schedule)
        where TJob : IScheduledJob
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<ScheduledJobCatalog>().Find(name);
        Assert.Equal((schedule, true), (job?.Schedule, job?.Enabled ?? false));
        var occurrence = new ScheduledOccurrence(0, name, DateTimeOffset.UtcNow, ScheduledTrigger.Schedule, 1, null);
        return (await scope.ServiceProvider.GetRequiredService<TJob>().RunAsync(occurrence, CancellationToken.None)).Summary!;
    }

    /// <summary>The same, with the numbers of the summary, which must match <paramref name="summary"/> (a pattern with one group a number).</summary>
    public static async Task<int[]> RunJobAsync<TJob>(this WebApplicationFactory<Program> app, string name, string schedule, [StringSyntax(StringSyntaxAttribute.Regex)] string summary)
        where TJob : IScheduledJob
    {
        var said = await app.RunJobAsync<TJob>(name, schedule);
        var match = Regex.Match(said, summary);
        Assert.True(match.Success, said);
        return [.. match.Groups.Cast<Group>().Skip(1).Select(g => int.Parse(g.Value, CultureInfo.InvariantCulture))];
    }
}
