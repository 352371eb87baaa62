using System.Security.Cryptography;
using System.Text;

namespace ZaloBot.Zalo;

/// <summary>
/// Zalo's webhook MAC: <c>X-ZEvent-Signature: mac=hex(SHA-256(app_id + raw body + timestamp + OA secret key))</c>,
/// a plain hash over the concatenation, not an HMAC (zalo-oa-api.md §1.3).
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-ZEvent-Signature";
    private const string Prefix = "mac=";

    public static string Compute(string appId, ReadOnlySpan<byte> rawBody, string timestamp, string oaSecretKey)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(appId));
        hash.AppendData(rawBody);
        hash.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hash.AppendData(Encoding.UTF8.GetBytes(oaSecretKey));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string HeaderValue(string appId, ReadOnlySpan<byte> rawBody, string timestamp, string oaSecretKey) =>
        Prefix + Compute(appId, rawBody, timestamp, oaSecretKey);

    /// <summary>Checks a header value in constant time; says why it failed, never what was expected.</summary>
    public static SignatureCheck Verify(string? headerValue, string appId, ReadOnlySpan<byte> rawBody, string timestamp, string oaSecretKey)
    {
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return SignatureCheck.Missing;
        }

        var value = headerValue.Trim();
        if (!value.StartsWith(Prefix, StringComparison.Ordinal) || value.Length != Prefix.Length + 64)
        {
            return SignatureCheck.Malformed;
        }

        byte[] given;
        try
        {
            given = Convert.FromHexString(value.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return SignatureCheck.Malformed;
        }

        var expected = Convert.FromHexString(Compute(appId, rawBody, timestamp, oaSecretKey));
        return CryptographicOperations.FixedTimeEquals(given, expected) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}

public enum SignatureCheck
{
    Valid,
    Missing,
    Malformed,
    Mismatch,
}
