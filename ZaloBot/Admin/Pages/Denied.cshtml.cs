using ZaloBot.AdminAuth;

namespace ZaloBot.Admin.Pages;

[OpenToOfficers]
public sealed class DeniedModel : ConsolePageModel
{
    public void OnGet()
    {
    }
}
