using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;

namespace ZaloBot.Admin.Pages;

[OpenToOfficers]
public sealed class SignOutModel : ConsolePageModel
{
    public IActionResult OnGet() => LocalRedirect(ConsoleSignIn.Prefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleSignIn.Scheme);
        return LocalRedirect(ConsoleSignIn.SignInPath);
    }
}
