namespace ZaloBot.Admin.Pages;

public sealed class DeniedModel : ConsolePageModel
{
    public void OnGet()
    {
    }
}
