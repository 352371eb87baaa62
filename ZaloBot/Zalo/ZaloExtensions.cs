namespace ZaloBot.Zalo;

public static class ZaloExtensions
{
    public static IHostApplicationBuilder AddZalo(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ZaloOptions>().BindConfiguration(ZaloOptions.Section)
            .Validate(o => o.EffectiveMode == ZaloMode.Sandbox || (o.AppId.Length > 0 && o.OaSecretKey.Length > 0),
                "Zalo: Live mode needs Zalo__AppId and Zalo__OaSecretKey (the OA secret key from the app's Webhook settings).")
            .Validate(o => !o.SandboxWithCredentials, ZaloOptions.SandboxWithRealCredentials)
            .ValidateOnStart();
        return builder;
    }
}
