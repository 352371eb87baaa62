using ZaloBot.Teams;

namespace ZaloBot.Tests.Teams;

public class PhoneNumberTests
{
    [TestCase("0912345678")]
    [TestCase("0912 345 678")]
    [TestCase("0912.345.678")]
    [TestCase("0912-345-678")]
    [TestCase("+84912345678")]
    [TestCase("+84 912 345 678")]
    [TestCase("(+84) 912 345 678")]
    [TestCase("84912345678")]
    [TestCase("+84 0912 345 678")]
    [TestCase("  0912345678  ")]
    public void Normalize_accepts_the_usual_ways_of_writing_a_mobile_number(string input)
    {
        Assert.That(PhoneNumber.Normalize(input), Is.EqualTo("0912345678"));
    }

    [TestCase("0387654321", "0387654321")]
    [TestCase("0567 123 456", "0567123456")]
    [TestCase("+84 778 123 456", "0778123456")]
    [TestCase("0888.123.456", "0888123456")]
    public void Normalize_accepts_every_mobile_prefix(string input, string expected)
    {
        Assert.That(PhoneNumber.Normalize(input), Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("091234567")]
    [TestCase("09123456789")]
    [TestCase("0212345678")]
    [TestCase("0233 3852 123")]
    [TestCase("01912345678")]
    [TestCase("0112345678")]
    [TestCase("+1 912 345 678")]
    [TestCase("0912345678a")]
    [TestCase("0912/345/678")]
    [TestCase("09123+45678")]
    [TestCase("84 212 345 678")]
    [TestCase("Nguyễn Văn An")]
    public void Normalize_refuses_anything_that_is_not_a_Vietnamese_mobile_number(string? input)
    {
        Assert.That(PhoneNumber.Normalize(input), Is.Null);
    }

    [TestCase("0912345678", "09xx xxx 678")]
    [TestCase("+84 387 654 321", "03xx xxx 321")]
    public void Mask_shows_the_first_two_and_last_three_digits(string phone, string expected)
    {
        Assert.That(PhoneNumber.Mask(phone), Is.EqualTo(expected));
    }

    [Test]
    public void Mask_refuses_a_text_that_is_not_a_phone_number()
    {
        Assert.That(() => PhoneNumber.Mask("12345"), Throws.ArgumentException);
    }

    [TestCase("038123456789")]
    [TestCase("CCCD 038123456789 của bà Hoa")]
    [TestCase("số căn cước 038 123 456 789")]
    [TestCase("038.123.456.789")]
    [TestCase("0381 2345 6789")]
    [TestCase("0381-2345-6789")]
    [TestCase("Thôn 5 038 123 456 789")]
    [TestCase("cccd:038123456789")]
    public void ContainsCitizenIdLike_finds_twelve_digit_numbers_however_grouped(string text)
    {
        Assert.That(PhoneNumber.ContainsCitizenIdLike(text), Is.True);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("0912345678")]
    [TestCase("0912 345 678")]
    [TestCase("+84 912 345 678")]
    [TestCase("Thôn 12 0912345678")]
    [TestCase("0912 345 678 0913 456 789")]
    [TestCase("0912345678 | 0387654321")]
    [TestCase("0381234567890")]
    [TestCase("03812345678")]
    [TestCase("HT-0012 ngày 12/05/2025")]
    public void ContainsCitizenIdLike_leaves_phone_numbers_and_other_numbers_alone(string? text)
    {
        Assert.That(PhoneNumber.ContainsCitizenIdLike(text), Is.False);
    }
}
