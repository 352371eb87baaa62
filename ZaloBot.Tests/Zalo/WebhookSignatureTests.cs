using System.Text;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

public sealed class WebhookSignatureTests
{
    private const string Body = """{"event_name":"follow","timestamp":"1699003881354"}""";

    [Test]
    public void Mac_is_sha256_of_app_id_body_timestamp_and_oa_secret()
    {
        // Vector computed outside .NET: printf '%s' 'app-1<body>1699003881354secret-1' | sha256sum
        var mac = WebhookSignature.Compute("app-1", Encoding.UTF8.GetBytes(Body), "1699003881354", "secret-1");

        Assert.That(mac, Is.EqualTo("0e9b192c3f736609f0385eb710e0b698c5a6dc06d8243f609e010f5d521f88a8"));
    }

    [TestCase("mac=0e9b192c3f736609f0385eb710e0b698c5a6dc06d8243f609e010f5d521f88a8", SignatureCheck.Valid)]
    [TestCase("mac=0E9B192C3F736609F0385EB710E0B698C5A6DC06D8243F609E010F5D521F88A8", SignatureCheck.Valid)]
    [TestCase("mac=1e9b192c3f736609f0385eb710e0b698c5a6dc06d8243f609e010f5d521f88a8", SignatureCheck.Mismatch)]
    [TestCase("0e9b192c3f736609f0385eb710e0b698c5a6dc06d8243f609e010f5d521f88a8", SignatureCheck.Malformed)]
    [TestCase("mac=0e9b", SignatureCheck.Malformed)]
    [TestCase("mac=zz9b192c3f736609f0385eb710e0b698c5a6dc06d8243f609e010f5d521f88a8", SignatureCheck.Malformed)]
    [TestCase("", SignatureCheck.Missing)]
    [TestCase(null, SignatureCheck.Missing)]
    public void Verify_says_why_a_header_fails(string? header, SignatureCheck expected)
    {
        var check = WebhookSignature.Verify(header, "app-1", Encoding.UTF8.GetBytes(Body), "1699003881354", "secret-1");

        Assert.That(check, Is.EqualTo(expected));
    }
}
