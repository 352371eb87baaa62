using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ZaloBot.AdminAuth;

/// <summary>
/// Limits how fast one client address (after the reverse proxy's forwarded headers) can guess admin keys, with
/// ASP.NET Core's rate limiters: every console sign-in attempt goes through the rate-limiting middleware's
/// <see cref="SignInPolicy"/>; an API request is only charged when its key is wrong, which the middleware cannot know
/// before the key is checked, so the key handler uses a partitioned fixed-window limiter of the same kind directly:
/// it asks (zero permits) whether the address is still allowed before comparing the key, and takes a permit when the
/// key is wrong. Beyond <see cref="AdminOptions.GuessLimit"/> per <see cref="AdminOptions.GuessWindow"/>: 429 with
/// <c>Retry-After</c>, and one warning per address and window.
/// </summary>
public sealed partial class KeyGuessLimiter : IDisposable
{
    public const string SignInPolicy = "console-sign-in";

    private readonly FixedWindowRateLimiterOptions _window;
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string> _warnings;
    private readonly ILogger<KeyGuessLimiter> _logger;

    public KeyGuessLimiter(IOptions<AdminOptions> options, ILogger<KeyGuessLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _window = new FixedWindowRateLimiterOptions { PermitLimit = options.Value.GuessLimit, Window = options.Value.GuessWindow, QueueLimit = 0 };
        var warningWindow = new FixedWindowRateLimiterOptions { PermitLimit = 1, Window = options.Value.GuessWindow, QueueLimit = 0 };
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => _window));
        _warnings = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => warningWindow));
    }

    /// <summary>The address the limits count by: the caller's, as the forwarded headers of a trusted proxy give it.</summary>
    public static string ClientOf(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }

    /// <summary>How long until this address may try a key again, or null when it may now.</summary>
    public TimeSpan? Blocked(string client)
    {
        using var probe = _failures.AttemptAcquire(client, 0);
        return probe.IsAcquired ? null : RetryAfter(probe);
    }

    /// <summary>Counts a wrong key against the address.</summary>
    public void Failed(string client)
    {
        using var lease = _failures.AttemptAcquire(client);
    }

    /// <summary>Logs a refused attempt, once per address and window.</summary>
    public void Refused(HttpContext context, string what)
    {
        var client = ClientOf(context);
        using var lease = _warnings.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            LogRefused(_logger, what, client, _window.PermitLimit, _window.Window);
        }
    }

    /// <summary>The sign-in page's partition: its posts (the attempts) count per address; showing the page does not.</summary>
    public RateLimitPartition<string> SignInPartition(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The partitions are cached by key, so the unlimited one must not share a key with an address's window.
        return HttpMethods.IsPost(context.Request.Method)
            ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => _window)
            : RateLimitPartition.GetNoLimiter("");
    }

    /// <summary>429 with <c>Retry-After</c>, said in Vietnamese: a problem body for the API, a short page for the console.</summary>
    public static Task TooManyAsync(HttpContext context, TimeSpan retryAfter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var message = $"Có quá nhiều lần nhập sai mã truy cập từ địa chỉ này. Bạn đợi {Wait(seconds)} rồi thử lại nhé.";
        return context.Request.Path.StartsWithSegments(AdminExtensions.Prefix)
            ? Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: message).ExecuteAsync(context)
            : PlainPage.WriteAsync(context, StatusCodes.Status429TooManyRequests, "Tạm khóa đăng nhập", message);
    }

    public void Dispose()
    {
        _failures.Dispose();
        _warnings.Dispose();
    }

    private static string Wait(int seconds) => seconds <= 90 ? $"{seconds} giây" : $"{(seconds + 59) / 60} phút";

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);

    internal static IHostApplicationBuilder AddKeyGuessLimits(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<KeyGuessLimiter>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<KeyGuessLimiter>((options, guesses) =>
        {
            options.AddPolicy(SignInPolicy, guesses.SignInPartition);
            options.OnRejected = (context, _) =>
            {
                guesses.Refused(context.HttpContext, "console sign-in");
                return new ValueTask(TooManyAsync(context.HttpContext, RetryAfter(context.Lease)));
            };
        });
        return builder;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Too many {What} attempts from {Address}: more than {Limit} in {Window}; refused with 429 until the window passes")]
    private static partial void LogRefused(ILogger logger, string what, string address, int limit, TimeSpan window);
}
