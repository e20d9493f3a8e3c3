using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Streaming.Kinesis.Tests.Support;

/// <summary>Writes the library's structured logs to the test output, so a failing test shows what the forwarder saw.</summary>
public sealed class TestOutputLoggerFactory(ITestOutputHelper output, LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, minimum, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, LogLevel minimum, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel,-11} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
