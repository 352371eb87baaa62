using System.Globalization;
using Microsoft.Extensions.Options;
using ZaloBot.Zalo;

namespace ZaloBot.BotPlatform;

/// <summary>
/// <c>ZaloBot bot-webhook set &lt;https-url&gt; | info | delete</c>: registers the bot's webhook with the configured
/// secret, shows what the platform has, or removes it (which polling mode needs). Configuration is the app's own. It
/// prints the bot's id and the webhook's address, never the token or the secret.
/// </summary>
public static class BotWebhookCommand
{
    public const string Command = "bot-webhook";

    private const string Usage = "Usage: bot-webhook set https://<domain>/webhooks/zalo-bot | bot-webhook info | bot-webhook delete";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var positional = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args.Skip(1 + positional.Length).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        var zalo = builder.Configuration.GetSection(ZaloOptions.Section).Get<ZaloOptions>() ?? new ZaloOptions();
        var settings = builder.Configuration.GetSection(BotPlatformOptions.Section).Get<BotPlatformOptions>() ?? new BotPlatformOptions();
        if (zalo.EffectiveMode == ZaloMode.Sandbox || settings.BotToken.Length == 0)
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

        return await ExecuteAsync(host.Services.GetRequiredService<BotPlatformClient>(), options, positional, output);
    }

    private static async Task<int> ExecuteAsync(BotPlatformClient client, BotPlatformOptions options, string[] positional, TextWriter output)
    {
        try
        {
            switch (positional)
            {
                case ["set", var address]:
                    if (!Uri.TryCreate(address, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
                    {
                        await output.WriteLineAsync("The webhook must be an https:// address the Bot Platform can reach, e.g. https://bot.example.vn/webhooks/zalo-bot");
                        return 2;
                    }

                    await client.SetWebhookAsync(url);
                    await output.WriteLineAsync($"Webhook set for bot {options.MaskedToken}, with the configured secret.");
                    break;
                case ["delete"]:
                    await client.DeleteWebhookAsync();
                    await output.WriteLineAsync($"Webhook deleted for bot {options.MaskedToken}.");
                    break;
                case ["info"]:
                    break;
                default:
                    await output.WriteLineAsync(Usage);
                    return 2;
            }

            var info = await client.GetWebhookInfoAsync();
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
