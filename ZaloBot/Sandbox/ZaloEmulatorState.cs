using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ZaloBot.Zalo;

namespace ZaloBot.Sandbox;

/// <summary>The endpoints the emulator serves, relative to its prefix (the same paths as Zalo's).</summary>
public static class ZaloEmulatorPaths
{
    public const string CsMessage = ZaloClient.CsMessagePath;
    public const string GroupMessage = ZaloClient.GroupMessagePath;
    public const string UserDetail = ZaloClient.UserDetailPath;
    public const string OaInfo = ZaloClient.OaInfoPath;
    public const string MessageQuota = ZaloClient.MessageQuotaPath;
    public const string OAuthToken = ZaloOAuthClient.TokenPath;
}

public enum ZaloFaultKind
{
    /// <summary>Answer with this HTTP status and no envelope.</summary>
    HttpStatus,

    /// <summary>Wait this long, then answer normally (unless the caller gave up first).</summary>
    Delay,

    /// <summary>HTTP 200 with <c>{"error": code}</c>, as the OA API reports its errors.</summary>
    ApiError,

    /// <summary>HTTP 200 with OAuth-style <c>error</c>/<c>error_name</c>/<c>error_description</c>.</summary>
    OAuthError,
}

/// <summary>A scripted failure; build one with the factory methods.</summary>
public sealed record ZaloFault(ZaloFaultKind Kind, int Code, TimeSpan Duration = default, string? Message = null)
{
    public static ZaloFault HttpStatus(int status = 500) => new(ZaloFaultKind.HttpStatus, status);

    public static ZaloFault Delay(TimeSpan duration) => new(ZaloFaultKind.Delay, 0, duration);

    public static ZaloFault Error(int code, string? message = null) => new(ZaloFaultKind.ApiError, code, Message: message);

    public static ZaloFault TokenInvalid() => Error(ZaloErrorCodes.AccessTokenInvalid);

    public static ZaloFault RateLimited() => Error(ZaloErrorCodes.RateLimited);

    public static ZaloFault OutOfWindow() => Error(ZaloErrorCodes.OutOfWindow);

    public static ZaloFault OAuthError(int code = ZaloErrorCodes.RefreshTokenInvalid, string? description = null) =>
        new(ZaloFaultKind.OAuthError, code, Message: description);
}

/// <summary>One request the emulator received. <see cref="Path"/> is relative to the emulator's prefix.</summary>
public sealed record ZaloEmulatorCall(
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body,
    IReadOnlyDictionary<string, string> Form,
    ZaloFault? Fault)
{
    /// <summary>The <c>access_token</c> header, or null.</summary>
    public string? AccessToken => Headers.TryGetValue(ZaloClient.AccessTokenHeader, out var token) ? token : null;
}

/// <summary>A message as the phone would show it. <see cref="Conversation"/> is "user:&lt;id&gt;" or "group:&lt;id&gt;".</summary>
public sealed record EmulatedMessage(string Conversation, string MessageId, DateTimeOffset Time, bool FromOa, string? Text, JsonNode? Message);

/// <summary>A fabricated profile for <c>user/detail</c>.</summary>
public sealed record EmulatedUser(string UserId, string DisplayName, bool IsFollower);

/// <summary>
/// Everything the Zalo emulator knows: the valid token pair, every call received, the scripted faults and the
/// messages shown per conversation. Thread-safe; tests read it and script it.
/// </summary>
public sealed partial class ZaloEmulatorState
{
    /// <summary>Oldest calls and messages are dropped past this, so a long Sandbox session stays small.</summary>
    private const int MaxKept = 10_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly List<ZaloEmulatorCall> _calls = [];
    private readonly List<EmulatedMessage> _messages = [];
    private readonly List<ScriptedFault> _faults = [];
    private readonly Dictionary<string, EmulatedUser> _users = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedRefreshTokens = new(StringComparer.Ordinal);
    private string? _accessToken;
    private string _refreshToken;
    private int _issued;

    public ZaloEmulatorState(TimeProvider? clock = null, string? initialAccessToken = null, string? initialRefreshToken = null)
    {
        _clock = clock ?? TimeProvider.System;
        _accessToken = initialAccessToken ?? ZaloOptions.SandboxAccessToken;
        _refreshToken = initialRefreshToken ?? ZaloOptions.SandboxRefreshToken;
    }

    /// <summary>
    /// Accepts the token pair a previous run of the app stored, as Zalo would remember the pair it issued, so a
    /// Sandbox restarted on the same database keeps working.
    /// </summary>
    public void AdoptTokens(string accessToken, string refreshToken)
    {
        lock (_lock)
        {
            _accessToken = accessToken;
            _refreshToken = refreshToken;
        }
    }

    /// <summary>
    /// Called (outside the state's lock) for every message shown, as soon as it is recorded: a benchmark uses it to
    /// time and count replies without reading <see cref="Messages"/>, which keeps only the latest 10,000.
    /// </summary>
    public Action<EmulatedMessage>? MessageShown { get; set; }

    /// <summary>When set, the OAuth endpoint requires this <c>secret_key</c> header; when null any non-empty one passes.</summary>
    public string? AppSecretKey { get; set; }

    /// <summary>The OA id <c>getoa</c> reports.</summary>
    public string OaId { get; set; } = "1032900368224780900";

    /// <summary>The only access token the API accepts now; null after <see cref="ExpireAccessToken"/>.</summary>
    public string? CurrentAccessToken
    {
        get
        {
            lock (_lock)
            {
                return _accessToken;
            }
        }
    }

    /// <summary>The only refresh token the OAuth endpoint accepts now.</summary>
    public string CurrentRefreshToken
    {
        get
        {
            lock (_lock)
            {
                return _refreshToken;
            }
        }
    }

    /// <summary>How many token pairs the OAuth endpoint has issued.</summary>
    public int RefreshCount
    {
        get
        {
            lock (_lock)
            {
                return _issued;
            }
        }
    }

    public DateTimeOffset Now => _clock.GetUtcNow();

    public static string UserConversation(string userId) => "user:" + userId;

    public static string GroupConversation(string groupId) => "group:" + groupId;

    /// <summary>Every call received so far, oldest first.</summary>
    public IReadOnlyList<ZaloEmulatorCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ZaloEmulatorCall> CallsTo(string path)
    {
        lock (_lock)
        {
            return [.. _calls.Where(c => c.Path == path)];
        }
    }

    /// <summary>Every message shown on the phone, oldest first.</summary>
    public IReadOnlyList<EmulatedMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<EmulatedMessage> MessagesIn(string conversation)
    {
        lock (_lock)
        {
            return [.. _messages.Where(m => m.Conversation == conversation)];
        }
    }

    /// <summary>
    /// Scripts <paramref name="fault"/> for the next <paramref name="times"/> calls to <paramref name="path"/>
    /// (any path when null). Faults are used in the order they were injected.
    /// </summary>
    public void Inject(ZaloFault fault, string? path = null, int times = 1)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(times, 1);
        lock (_lock)
        {
            _faults.Add(new ScriptedFault(path, fault, times));
        }
    }

    /// <summary>Drops every scripted fault not used yet: Zalo answers normally again.</summary>
    public void ClearFaults()
    {
        lock (_lock)
        {
            _faults.Clear();
        }
    }

    /// <summary>The current access token stops working: every API call answers -216 until a refresh.</summary>
    public void ExpireAccessToken()
    {
        lock (_lock)
        {
            _accessToken = null;
        }
    }

    public void SetUser(string userId, string displayName, bool isFollower = true)
    {
        lock (_lock)
        {
            _users[userId] = new EmulatedUser(userId, displayName, isFollower);
        }
    }

    public EmulatedUser User(string userId)
    {
        lock (_lock)
        {
            return _users.TryGetValue(userId, out var user)
                ? user
                : new EmulatedUser(userId, "Người dùng thử " + userId[^Math.Min(4, userId.Length)..], true);
        }
    }

    /// <summary>Shows a message from a user or member on the phone (for the chat simulator).</summary>
    public EmulatedMessage ShowIncoming(string conversation, string text) =>
        Show(conversation, fromOa: false, text, message: null);

    /// <summary>Clears calls, messages and faults; keeps the tokens.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _calls.Clear();
            _messages.Clear();
            _faults.Clear();
        }
    }

    internal bool IsValidAccessToken(string? token)
    {
        lock (_lock)
        {
            return token is not null && _accessToken is not null && string.Equals(token, _accessToken, StringComparison.Ordinal);
        }
    }

    /// <summary>Records a call and takes the first fault scripted for its path, if any.</summary>
    internal ZaloFault? Record(ZaloEmulatorCall call)
    {
        lock (_lock)
        {
            var index = _faults.FindIndex(f => f.Path is null || f.Path == call.Path);
            ZaloFault? fault = null;
            if (index >= 0)
            {
                var scripted = _faults[index];
                fault = scripted.Fault;
                if (scripted.Remaining <= 1)
                {
                    _faults.RemoveAt(index);
                }
                else
                {
                    _faults[index] = scripted with { Remaining = scripted.Remaining - 1 };
                }
            }

            _calls.Add(call with { Fault = fault });
            if (_calls.Count > MaxKept)
            {
                _calls.RemoveAt(0);
            }

            return fault;
        }
    }

    /// <summary>Rotates the pair when <paramref name="refreshToken"/> is the current one; null when it is used or unknown.</summary>
    internal (string AccessToken, string RefreshToken)? Rotate(string refreshToken)
    {
        lock (_lock)
        {
            if (!string.Equals(refreshToken, _refreshToken, StringComparison.Ordinal))
            {
                return null;
            }

            _usedRefreshTokens.Add(refreshToken);
            _issued++;
            _accessToken = $"emu-access-{_issued}-{RandomHex(8)}";
            _refreshToken = $"emu-refresh-{_issued}-{RandomHex(8)}";
            return (_accessToken, _refreshToken);
        }
    }

    internal EmulatedMessage ShowFromOa(string conversation, string? text, JsonNode message) =>
        Show(conversation, fromOa: true, text, message.DeepClone());

    internal static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private EmulatedMessage Show(string conversation, bool fromOa, string? text, JsonNode? message)
    {
        var shown = new EmulatedMessage(conversation, RandomHex(16), Now, fromOa, text, message);
        lock (_lock)
        {
            _messages.Add(shown);
            if (_messages.Count > MaxKept)
            {
                _messages.RemoveAt(0);
            }
        }

        MessageShown?.Invoke(shown);
        return shown;
    }

    private sealed record ScriptedFault(string? Path, ZaloFault Fault, int Remaining);
}
