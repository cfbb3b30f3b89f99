using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Tests.Unit;

public sealed class OutboxBackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(4, 240)]
    [InlineData(8, 3600)]
    [InlineData(1000, 3600)]
    public void The_wait_after_a_failure_doubles_from_30_seconds_and_stops_growing_at_an_hour(int attempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxWorker.Backoff(attempts));
}
