using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ZaloBot.Tests.Support;

/// <summary>Keeps every line the app logs, for tests about what an operator reads; add it with <see cref="AddTo"/>.</summary>
public sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. _lines];

    /// <summary>The messages that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> Containing(string text) => Lines.Select(l => l.Message).Where(m => m.Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>For <see cref="TestApp"/>'s services callback.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            recorder._lines.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
