namespace ZaloBot.AdminAuth;

/// <summary>Reads the officer behind the request.</summary>
public static class OfficerAccess
{
    public static Officer Officer(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return AdminAuth.Officer.FromPrincipal(context.User);
    }
}
