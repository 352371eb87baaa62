using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ZaloBot.AdminAuth;
using ZaloBot.Sandbox;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Signs an official in with an admin key; the session keeps the key's fingerprint, never the key. Attempts are
/// limited per client address (<see cref="KeyGuessLimiter"/>).
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(KeyGuessLimiter.SignInPolicy)]
public sealed partial class SignInModel(AdminApiKeys keys, ILogger<SignInModel> logger) : PageModel
{
    public string? Error { get; private set; }

    public string ReturnUrl { get; private set; } = ConsoleSignIn.Prefix;

    /// <summary>A key was drawn for this run (Sandbox mode): the page says where to find it.</summary>
    public bool IsSandbox => keys.DevelopmentKey is not null;

    public void OnGet(string? returnUrl) => ReturnUrl = Safe(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? key, string? returnUrl)
    {
        ReturnUrl = Safe(returnUrl);
        var client = KeyGuessLimiter.ClientOf(HttpContext);
        if (keys.Find(key?.Trim()) is not { } holder)
        {
            LogRefused(logger, client);
            Error = "Mã truy cập không đúng. Bạn kiểm tra lại nhé.";
            return Page();
        }

        var officer = new Officer(AdminApiKeys.Fingerprint(key!.Trim()), holder);
        await HttpContext.SignInAsync(ConsoleSignIn.Scheme, officer.ToPrincipal(ConsoleSignIn.Scheme),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        LogSignedIn(logger, holder.Name, holder.Role, holder.UnitCode, client);
        return LocalRedirect(ReturnUrl);
    }

    /// <summary>Only a path inside the console or the Sandbox simulator: never an address elsewhere.</summary>
    private string Safe(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl)
            && (returnUrl.StartsWith(ConsoleSignIn.Prefix, StringComparison.Ordinal) || returnUrl.StartsWith(SandboxEndpoints.Prefix, StringComparison.Ordinal))
            && !returnUrl.StartsWith(ConsoleSignIn.SignInPath, StringComparison.Ordinal)
            ? returnUrl
            : ConsoleSignIn.Prefix;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console sign-in refused: wrong key (from {Address})")]
    private static partial void LogRefused(ILogger logger, string address);

    [LoggerMessage(Level = LogLevel.Information, Message = "Console sign-in: {Holder} ({Role}, unit {UnitCode}) from {Address}")]
    private static partial void LogSignedIn(ILogger logger, string holder, AdminRole role, string? unitCode, string address);
}
