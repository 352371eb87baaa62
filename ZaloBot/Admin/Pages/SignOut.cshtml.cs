using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace ZaloBot.Admin.Pages;

[OpenToOfficers]
public sealed class SignOutModel : ConsolePageModel
{
    public IActionResult OnGet() => LocalRedirect(ConsoleExtensions.Prefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(ConsoleExtensions.Scheme);
        return LocalRedirect(ConsoleExtensions.SignInPath);
    }
}
