using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ZaloBot.AdminAuth;

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
