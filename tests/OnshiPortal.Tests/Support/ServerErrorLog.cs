using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OnshiPortal.Tests.Support;

/// <summary>What the app logged as an error (with its exception), so that a test that meets a 500 can say why.</summary>
public sealed class ServerErrorLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyCollection<string> Entries => entries;

    public string Last => entries.LastOrDefault() ?? "(nothing logged)";

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ServerErrorLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.entries.Enqueue($"{category}: {formatter(state, exception)}\n{exception}");
            }
        }
    }
}
