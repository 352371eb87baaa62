namespace ZaloBot.AdminAuth;

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

    /// <summary>
    /// Draw a key for this run when none is configured (see <see cref="AdminApiKeys.DevelopmentKey"/>). Sandbox mode
    /// sets it; no configuration can, so a Live deployment never logs a key.
    /// </summary>
    public bool DrawDevelopmentKey { get; internal set; }

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
