using System.Security.Cryptography;
using System.Text;

namespace ZaloBot.Channels;

/// <summary>
/// Button payloads the OA channel can trust. A tap on an <c>oa.query.hide</c> button reaches us as an ordinary
/// <c>user_send_text</c> whose text is the payload (zalo-oa-api.md §2.1), so anyone could type the same text.
/// Each payload therefore carries a MAC: <c>~g|action|mac</c>, mac = the first 9 bytes of
/// HMAC-SHA256(install key, user id + "\n" + action), base64url. Typed text cannot carry a valid MAC, a payload
/// sent to one resident does not work for another, and the key lives in the database, so buttons keep working
/// across restarts without any per-button rows. The prefix does not start with '#' or '/', which belong to
/// team commands.
/// </summary>
public sealed class ButtonPayloads(byte[] key)
{
    public const string Prefix = "~g|";

    private const int MacBytes = 9;

    private readonly byte[] _key = key ?? throw new ArgumentNullException(nameof(key));

    public string Sign(string userId, string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("An action cannot contain '|'.", nameof(action));
        }

        return Prefix + action + "|" + Base64Url(Mac(userId, action));
    }

    /// <summary>True when <paramref name="text"/> is a payload this install signed for this user.</summary>
    public bool TryVerify(string userId, string? text, out string action)
    {
        action = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var body = text.AsSpan(Prefix.Length).Trim();
        var bar = body.LastIndexOf('|');
        if (bar <= 0)
        {
            return false;
        }

        var candidate = body[..bar].ToString();
        Span<byte> given = stackalloc byte[MacBytes + 3];
        if (!TryDecodeBase64Url(body[(bar + 1)..], given, out var written) || written != MacBytes)
        {
            return false;
        }

        if (!CryptographicOperations.FixedTimeEquals(given[..written], Mac(userId, candidate)))
        {
            return false;
        }

        action = candidate;
        return true;
    }

    /// <summary>True when the text looks like one of our payloads, valid or not.</summary>
    public static bool LooksSigned(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(32);

    private byte[] Mac(string userId, string action)
    {
        var full = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId + "\n" + action));
        return full[..MacBytes];
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeBase64Url(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        if (text.Length is 0 or > 16)
        {
            return false;
        }

        Span<char> standard = stackalloc char[(text.Length + 3) / 4 * 4];
        standard.Fill('=');
        for (var i = 0; i < text.Length; i++)
        {
            standard[i] = text[i] switch
            {
                '-' => '+',
                '_' => '/',
                var c => c,
            };
        }

        return Convert.TryFromBase64Chars(standard, destination, out written);
    }
}
