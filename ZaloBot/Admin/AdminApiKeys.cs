using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.Admin;

/// <summary>The <c>Admin</c> configuration section: <c>Admin__ApiKeys__0</c>, <c>Admin__ApiKeys__1</c>, …</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";
    public const int MinKeyLength = 16;

    public IReadOnlyList<string> ApiKeys { get; set; } = [];
}

/// <summary>
/// The keys the admin API accepts. In Sandbox mode with none configured, one development key is drawn at start
/// and written to the log once, so the API can be tried locally; in Live mode no key means the API answers 401.
/// </summary>
public sealed partial class AdminApiKeys
{
    private readonly byte[][] _hashes;

    public AdminApiKeys(IOptions<AdminOptions> options, IOptions<ZaloOptions> zalo, ILogger<AdminApiKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(zalo);
        var keys = options.Value.ApiKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        if (keys.Count == 0 && zalo.Value.EffectiveMode == ZaloMode.Sandbox)
        {
            DevelopmentKey = "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            keys.Add(DevelopmentKey);
            // A key made up for this Sandbox run only; printing it is the point, so it can be pasted into curl.
            LogDevelopmentKey(logger, DevelopmentKey);
        }
        else if (keys.Count == 0)
        {
            LogNoKeys(logger);
        }

        _hashes = keys.Select(Hash).ToArray();
    }

    /// <summary>The key drawn for this Sandbox run, or null when keys are configured.</summary>
    public string? DevelopmentKey { get; }

    /// <summary>True when the key is one of the configured keys; compared in constant time.</summary>
    public bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }

        var hash = Hash(key);
        var valid = false;
        foreach (var known in _hashes)
        {
            valid |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return valid;
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

    /// <summary>True when the fingerprint (see <see cref="Fingerprint"/>) is one of a configured key.</summary>
    public bool IsKnownFingerprint(string? fingerprint)
    {
        if (string.IsNullOrEmpty(fingerprint) || fingerprint.Length != SHA256.HashSizeInBytes * 2)
        {
            return false;
        }

        byte[] hash;
        try
        {
            hash = Convert.FromHexString(fingerprint);
        }
        catch (FormatException)
        {
            return false;
        }

        var known = false;
        foreach (var stored in _hashes)
        {
            known |= CryptographicOperations.FixedTimeEquals(hash, stored);
        }

        return known;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sandbox admin API key for this run (development only; set Admin__ApiKeys__0 to choose one): {ApiKey}")]
    private static partial void LogDevelopmentKey(ILogger logger, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin API key is configured (Admin__ApiKeys__0); the admin API refuses every request")]
    private static partial void LogNoKeys(ILogger logger);
}

/// <summary>Authenticates admin API calls by the <c>X-Api-Key</c> header.</summary>
public sealed class AdminApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, AdminApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "AdminApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var given))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!keys.IsValid(given.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("Invalid admin API key."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin-api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
