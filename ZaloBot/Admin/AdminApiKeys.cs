using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Admin;

/// <summary>
/// The <c>Admin</c> configuration section. Plain keys (<c>Admin__ApiKeys__0</c>, …) are province admins; structured
/// keys (<c>Admin__Keys__0__Key</c>, <c>__Name</c>, <c>__Role</c>, <c>__UnitCode</c>) carry a role and, for an
/// officer, the commune-level unit they act for.
/// </summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinKeyLength = 16;

    public IReadOnlyList<string> ApiKeys { get; set; } = [];

    public IReadOnlyList<AdminKeyOptions> Keys { get; set; } = [];

    /// <summary>
    /// Sign-in attempts, and requests with a wrong <c>X-Api-Key</c>, that one client address may make per
    /// <see cref="GuessWindow"/>; beyond it the answer is 429 with <c>Retry-After</c>.
    /// </summary>
    public int GuessLimit { get; set; } = 10;

    public TimeSpan GuessWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Null when every key is well formed, else the first problem, as one line for the start-up error.</summary>
    public string? Problem()
    {
        if (GuessLimit < 1 || GuessWindow <= TimeSpan.Zero)
        {
            return "Admin: Admin__GuessLimit must be at least 1 and Admin__GuessWindow longer than zero.";
        }

        if (ApiKeys.Any(k => !string.IsNullOrEmpty(k) && k.Length < MinKeyLength))
        {
            return $"Admin: every key in Admin__ApiKeys must have at least {MinKeyLength} characters.";
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            var key = Keys[i];
            if (string.IsNullOrEmpty(key.Key) || key.Key.Length < MinKeyLength)
            {
                return $"Admin: Admin__Keys__{i}__Key must have at least {MinKeyLength} characters.";
            }

            if (AdminRoles.Parse(key.Role) is not { } role)
            {
                return $"Admin: Admin__Keys__{i}__Role must be province or officer.";
            }

            if (role == AdminRole.Officer && string.IsNullOrWhiteSpace(key.UnitCode))
            {
                return $"Admin: Admin__Keys__{i}__UnitCode is required for an officer (the code of their commune-level unit).";
            }
        }

        return null;
    }
}

/// <summary>One structured admin key.</summary>
public sealed class AdminKeyOptions
{
    public string Key { get; set; } = "";

    /// <summary>Who holds the key, as the audit trail names them ("Cán bộ xã Tân Lập"); never the key itself.</summary>
    public string? Name { get; set; }

    /// <summary><c>province</c> (the default) or <c>officer</c>.</summary>
    public string? Role { get; set; }

    /// <summary>An officer's commune-level unit; they may address that unit and the units under it only.</summary>
    public string? UnitCode { get; set; }
}

public enum AdminRole
{
    /// <summary>A province admin: every unit.</summary>
    Province,

    /// <summary>An officer of one commune-level unit: that unit and its villages.</summary>
    Officer,
}

public static class AdminRoles
{
    public static string Code(this AdminRole role) => role == AdminRole.Officer ? "officer" : "province";

    /// <summary>Reads a configured role; empty means province.</summary>
    public static AdminRole? Parse(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        null or "" or "PROVINCE" => AdminRole.Province,
        "OFFICER" => AdminRole.Officer,
        _ => null,
    };
}

/// <summary>Who holds a key: the name the audit shows, the role, and an officer's unit code.</summary>
public sealed record AdminKey(string Name, AdminRole Role, string? UnitCode);

/// <summary>
/// The keys the admin API accepts. In Sandbox mode with none configured, one development key is drawn at start
/// and written to the log once, so the API can be tried locally; in Live mode no key means the API answers 401.
/// </summary>
public sealed partial class AdminApiKeys
{
    private readonly (byte[] Hash, AdminKey Holder)[] _keys;

    public AdminApiKeys(IOptions<AdminOptions> options, IOptions<ZaloOptions> zalo, ILogger<AdminApiKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zalo);
        var keys = new List<(string Key, AdminKey Holder)>();
        var plain = options.Value.ApiKeys;
        for (var i = 0; i < plain.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(plain[i]))
            {
                keys.Add((plain[i], new AdminKey($"Admin:ApiKeys:{i}", AdminRole.Province, null)));
            }
        }

        var structured = options.Value.Keys;
        for (var i = 0; i < structured.Count; i++)
        {
            var entry = structured[i];
            if (!string.IsNullOrWhiteSpace(entry.Key))
            {
                var name = string.IsNullOrWhiteSpace(entry.Name) ? $"Admin:Keys:{i}" : entry.Name.Trim();
                keys.Add((entry.Key, new AdminKey(name, AdminRoles.Parse(entry.Role) ?? AdminRole.Province, entry.UnitCode?.Trim())));
            }
        }

        if (keys.Count == 0 && zalo.Value.EffectiveMode == ZaloMode.Sandbox)
        {
            DevelopmentKey = "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            keys.Add((DevelopmentKey, new AdminKey("sandbox", AdminRole.Province, null)));
            // A key made up for this Sandbox run only; printing it is the point, so it can be pasted into curl.
            LogDevelopmentKey(logger, DevelopmentKey);
        }
        else if (keys.Count == 0)
        {
            LogNoKeys(logger);
        }

        _keys = keys.Select(k => (Hash(k.Key), k.Holder)).ToArray();
    }

    /// <summary>The fingerprints (see <see cref="Fingerprint"/>) of every key accepted now.</summary>
    public IReadOnlyList<string> Fingerprints => _keys.Select(k => Convert.ToHexStringLower(k.Hash)).ToList();

    /// <summary>The key drawn for this Sandbox run, or null when keys are configured.</summary>
    public string? DevelopmentKey { get; }

    /// <summary>True when the key is one of the configured keys; compared in constant time.</summary>
    public bool IsValid(string? key) => Find(key) is not null;

    /// <summary>Who holds this key, or null when it is not a configured key. Every key is compared, in constant time.</summary>
    public AdminKey? Find(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }

        var hash = Hash(key);
        AdminKey? found = null;
        foreach (var (known, holder) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                found ??= holder;
            }
        }

        return found;
    }

    /// <summary>
    /// What the console's sign-in cookie remembers of a key: its SHA-256 in hex, never the key. A key removed from
    /// the configuration no longer matches, so its cookies stop working at the next request.
    /// </summary>
    public static string Fingerprint(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(Hash(key));
    }

    /// <summary>
    /// Who holds the key with this fingerprint (see <see cref="Fingerprint"/>), or null when no configured key has it;
    /// every key is compared, in constant time. The console reads the holder again on every request, so a changed
    /// role or unit applies at once.
    /// </summary>
    public AdminKey? FindByFingerprint(string? fingerprint)
    {
        if (string.IsNullOrEmpty(fingerprint) || fingerprint.Length != SHA256.HashSizeInBytes * 2)
        {
            return null;
        }

        byte[] hash;
        try
        {
            hash = Convert.FromHexString(fingerprint);
        }
        catch (FormatException)
        {
            return null;
        }

        AdminKey? found = null;
        foreach (var (known, holder) in _keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, known))
            {
                found ??= holder;
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sandbox admin API key for this run (development only; set Admin__ApiKeys__0 to choose one): {ApiKey}")]
    private static partial void LogDevelopmentKey(ILogger logger, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin API key is configured (Admin__ApiKeys__0); the admin API refuses every request")]
    private static partial void LogNoKeys(ILogger logger);
}

/// <summary>
/// Authenticates admin API calls by the <c>X-Api-Key</c> header. A client address that sent too many wrong keys gets
/// 429 until its window passes, and its keys are not even compared meanwhile, so a right guess looks like a wrong one.
/// </summary>
public sealed class AdminApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, AdminApiKeys keys,
    KeyGuessLimiter guesses)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AdminApiKey";
    public const string HeaderName = "X-Api-Key";

    private TimeSpan? _retryAfter;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var client = KeyGuessLimiter.ClientOf(Context);
        if ((_retryAfter = guesses.Blocked(client)) is not null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Too many wrong admin API keys from this address."));
        }

        if (keys.Find(given.ToString()) is not { } holder)
        {
            guesses.Failed(client);
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin API key."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, holder.Name), new(ClaimTypes.Role, holder.Role.Code()) };
        if (holder.UnitCode is { Length: > 0 } unitCode)
        {
            claims.Add(new Claim(AdminCaller.UnitClaim, unitCode));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (_retryAfter is not { } retryAfter)
        {
            return base.HandleChallengeAsync(properties);
        }

        guesses.Refused(Context, "admin API key");
        return KeyGuessLimiter.TooManyAsync(Context, retryAfter);
    }
}

/// <summary>The caller of an admin endpoint, read from the claims the key handler set.</summary>
public sealed record AdminCaller(string Name, AdminRole Role, string? UnitCode)
{
    public const string UnitClaim = "zalobot:unit";

    public static AdminCaller From(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.IsInRole(AdminRole.Officer.Code()) ? AdminRole.Officer : AdminRole.Province;
        return new AdminCaller(user.Identity?.Name ?? "?", role, user.FindFirst(UnitClaim)?.Value);
    }
}
