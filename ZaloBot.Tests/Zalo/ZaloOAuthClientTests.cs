using ZaloBot.Zalo;

namespace ZaloBot.Tests.Zalo;

public sealed class ZaloOAuthClientTests
{
    [Test]
    public void Expires_in_is_read_as_a_string_or_a_number()
    {
        var fromString = ZaloOAuthClient.Parse("""{"access_token":"a","refresh_token":"r","expires_in":"90000"}""");
        var fromNumber = ZaloOAuthClient.Parse("""{"access_token":"a","refresh_token":"r","expires_in":3600}""");

        Assert.That(fromString.ExpiresIn, Is.EqualTo(TimeSpan.FromSeconds(90000)));
        Assert.That(fromNumber.ExpiresIn, Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public void An_oauth_error_sent_with_http_200_is_a_token_failure()
    {
        var error = Assert.Throws<ZaloApiException>(() => ZaloOAuthClient.Parse("""
            {"error":-14020,"error_name":"Invalid refresh token","error_reason":"used","error_description":"Refresh token is invalid or expired"}
            """));

        Assert.That(error.Code, Is.EqualTo(-14020));
        Assert.That(error.Kind, Is.EqualTo(ZaloErrorKind.Token));
        Assert.That(error.Message, Is.EqualTo("Refresh token is invalid or expired"));
    }

    [TestCase("""{"error_name":"Invalid app","error_description":"App is not active"}""")]
    [TestCase("""{"access_token":"","refresh_token":"r","expires_in":"90000"}""")]
    [TestCase("""{"access_token":"a","expires_in":"90000"}""")]
    [TestCase("""<html>bad gateway</html>""")]
    public void An_answer_without_both_tokens_is_never_accepted(string body)
    {
        Assert.That(() => ZaloOAuthClient.Parse(body), Throws.TypeOf<ZaloApiException>().With.Property(nameof(ZaloApiException.Kind)).EqualTo(ZaloErrorKind.Token));
    }
}
