using System.Globalization;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>
/// <c>ZaloBot bot-webhook set &lt;https-url&gt; | info | delete</c> (declared in <c>Commands/AppCommands</c>): registers the bot's webhook with the configured
/// secret, shows what the platform has, or removes it (which polling mode needs). Configuration is the app's own. It
/// prints the bot's id and the webhook's address, never the token or the secret.
/// </summary>
public static class BotWebhookCommand
{
    public const string Command = "bot-webhook";

    /// <summary>What the operator asks: register an address, show what the platform has, or remove the webhook.</summary>
    public enum Action
    {
        Set,
        Info,
        Delete,
    }

    /// <summary>Runs one action with the app's configuration (<paramref name="settings"/> are <c>--Section:Key=value</c> overrides).</summary>
    public static async Task<int> RunAsync(Action action, Uri? url, string[] settings, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        var zalo = builder.Configuration.GetSection(ZaloOptions.Section).Get<ZaloOptions>() ?? new ZaloOptions();
        var configured = builder.Configuration.GetSection(BotPlatformOptions.Section).Get<BotPlatformOptions>() ?? new BotPlatformOptions();
        if (zalo.EffectiveMode == ZaloMode.Sandbox || configured.BotToken.Length == 0)
        {
            await output.WriteLineAsync("No bot to configure: set ZaloBotPlatform__BotToken and ZaloBotPlatform__WebhookSecret, in Live mode "
                + "(in Sandbox mode the in-app emulator plays the Bot Platform).");
            return 2;
        }

        builder.AddZaloClient();
        builder.AddBotPlatform();
        using var host = builder.Build();
        BotPlatformOptions options;
        try
        {
            options = host.Services.GetRequiredService<IOptions<BotPlatformOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await output.WriteLineAsync(ex.Message);
            return 2;
        }

        var client = host.Services.GetRequiredService<BotPlatformClient>();
        try
        {
            switch (action)
            {
                case Action.Set:
                    ArgumentNullException.ThrowIfNull(url);
                    await client.SetWebhookAsync(url, cancellationToken);
                    await output.WriteLineAsync($"Webhook set for bot {options.MaskedToken}, with the configured secret.");
                    break;
                case Action.Delete:
                    await client.DeleteWebhookAsync(cancellationToken);
                    await output.WriteLineAsync($"Webhook deleted for bot {options.MaskedToken}.");
                    break;
                default:
                    break;
            }

            var info = await client.GetWebhookInfoAsync(cancellationToken);
            var at = info.UpdatedAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "unknown";
            await output.WriteLineAsync(info.Url.Length > 0 ? $"Webhook: {info.Url} (updated {at})" : $"Webhook: none (updated {at}); polling mode can run");
            return 0;
        }
        catch (ZaloApiException ex)
        {
            await output.WriteLineAsync($"The Bot Platform refused: {ex.Message} (code {ex.Code})");
            return 1;
        }
    }
}
