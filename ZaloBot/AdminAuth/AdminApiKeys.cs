using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ZaloBot.AdminAuth;

/// <summary>
/// The keys the admin API accepts. With none configured and <see cref="AdminOptions.DrawDevelopmentKey"/> set (Sandbox
/// mode sets it), one development key is drawn at start and written to the log once, so the API can be tried locally;
/// otherwise no key means the API answers 401.
/// </summary>
public sealed partial class AdminApiKeys
{
    private readonly (byte[] Hash, AdminKey Holder)[] _keys;

    public AdminApiKeys(IOptions<AdminOptions> options, ILogger<AdminApiKeys> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var keys = new List<(string Key, AdminKey Holder)>();
        var sandbox = options.Value.DrawDevelopmentKey;
        var plain = options.Value.ApiKeys;
        for (var i = 0; i < plain.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(plain[i]))
            {
                keys.Add((plain[i], new AdminKey(Unnamed(AdminRole.Province, null, keys.Count + 1, sandbox), AdminRole.Province, null)));
            }
        }

        var structured = options.Value.Keys;
        for (var i = 0; i < structured.Count; i++)
        {
            var entry = structured[i];
            if (!string.IsNullOrWhiteSpace(entry.Key))
            {
                var role = AdminRoles.Parse(entry.Role) ?? AdminRole.Province;
                var unitCode = entry.UnitCode?.Trim();
                var name = string.IsNullOrWhiteSpace(entry.Name) ? Unnamed(role, unitCode, keys.Count + 1, sandbox) : entry.Name.Trim();
                keys.Add((entry.Key, new AdminKey(name, role, unitCode)));
            }
        }

        if (keys.Count == 0 && options.Value.DrawDevelopmentKey)
        {
            DevelopmentKey = "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            keys.Add((DevelopmentKey, new AdminKey(Unnamed(AdminRole.Province, null, 1, sandbox), AdminRole.Province, null)));
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

    /// <summary>
    /// The name the console's header and the audit trail show for a key configured without one: who holds it in
    /// words, and which key it is (never a configuration path): "Quản trị tỉnh (khóa số 1)", "Quản trị tỉnh (Sandbox)".
    /// </summary>
    private static string Unnamed(AdminRole role, string? unitCode, int number, bool sandbox)
    {
        var holder = role == AdminRole.Province ? "Quản trị tỉnh" : $"Cán bộ đơn vị {unitCode}";
        var which = (sandbox, number) switch
        {
            (true, 1) => "Sandbox",
            (true, _) => $"Sandbox, khóa số {number}",
            _ => $"khóa số {number}",
        };
        return $"{holder} ({which})";
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Sandbox admin API key for this run (development only; set Admin__ApiKeys__0 to choose one): {ApiKey}")]
    private static partial void LogDevelopmentKey(ILogger logger, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin API key is configured (Admin__ApiKeys__0); the admin API refuses every request")]
    private static partial void LogNoKeys(ILogger logger);
}
