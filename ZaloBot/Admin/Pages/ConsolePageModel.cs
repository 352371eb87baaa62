using Microsoft.AspNetCore.Mvc.RazorPages;
using ZaloBot.AdminAuth;

namespace ZaloBot.Admin.Pages;

/// <summary>What every console page knows: who is signed in and what they may see.</summary>
public abstract class ConsolePageModel : PageModel
{
    public Officer Officer => HttpContext.Officer();

    public OfficerScope Scope => Officer.Scope;
}
