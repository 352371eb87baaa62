using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ZaloBot.AdminAuth;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Admin;

public sealed class AdminKeysTests
{
    private static AdminKeyOptions Key(string key, string? role, string? unit = null, string? name = null) =>
        new() { Key = key, Role = role, UnitCode = unit, Name = name };

    [Test]
    public void A_malformed_structured_key_is_named_in_one_line()
    {
        Assert.That(new AdminOptions { Keys = [Key("short", "officer", "X")] }.Problem(), Does.Contain("Admin__Keys__0__Key"));
        Assert.That(new AdminOptions { Keys = [Key("a-long-enough-key-0001", "boss")] }.Problem(), Does.Contain("Admin__Keys__0__Role"));
        Assert.That(new AdminOptions { Keys = [Key("a-long-enough-key-0001", "officer")] }.Problem(), Does.Contain("Admin__Keys__0__UnitCode"));
        Assert.That(new AdminOptions { ApiKeys = ["short"] }.Problem(), Does.Contain("Admin__ApiKeys"));
        Assert.That(new AdminOptions { ApiKeys = ["a-long-enough-key-0000"], Keys = [Key("a-long-enough-key-0001", null)] }.Problem(), Is.Null);
    }

    [Test]
    public void Plain_keys_are_province_admins_and_structured_keys_carry_their_role_unit_and_name_and_an_unnamed_key_is_named_in_words()
    {
        var options = Options.Create(new AdminOptions
        {
            ApiKeys = ["plain-key-0123456789"],
            Keys = [Key("officer-key-0123456789", "Officer", "19462", "Cán bộ xã Tân Lập"), Key("province-key-0123456789", null)],
        });
        var keys = new AdminApiKeys(options, NullLogger<AdminApiKeys>.Instance);

        Assert.That(keys.Find("plain-key-0123456789"), Is.EqualTo(new AdminKey("Quản trị tỉnh (khóa số 1)", AdminRole.Province, null)));
        Assert.That(keys.Find("officer-key-0123456789"), Is.EqualTo(new AdminKey("Cán bộ xã Tân Lập", AdminRole.Officer, "19462")));
        Assert.That(keys.Find("province-key-0123456789"), Is.EqualTo(new AdminKey("Quản trị tỉnh (khóa số 3)", AdminRole.Province, null)));
        Assert.That(keys.Find("officer-key-012345678"), Is.Null);
        Assert.That(keys.DevelopmentKey, Is.Null);
    }

    [Test]
    public void In_sandbox_mode_an_unnamed_key_and_the_drawn_key_are_named_as_sandbox_keys_never_by_their_configuration_path()
    {
        var configured = new AdminApiKeys(Options.Create(new AdminOptions
        {
            ApiKeys = ["plain-key-0123456789"],
            Keys = [Key("officer-key-0123456789", "officer", "19462")],
            DrawDevelopmentKey = true,
        }), NullLogger<AdminApiKeys>.Instance);
        var drawn = new AdminApiKeys(Options.Create(new AdminOptions { DrawDevelopmentKey = true }), NullLogger<AdminApiKeys>.Instance);

        Assert.That(configured.Find("plain-key-0123456789")!.Name, Is.EqualTo("Quản trị tỉnh (Sandbox)"));
        Assert.That(configured.Find("officer-key-0123456789")!.Name, Is.EqualTo("Cán bộ đơn vị 19462 (Sandbox, khóa số 2)"));
        Assert.That(drawn.Find(drawn.DevelopmentKey)!.Name, Is.EqualTo("Quản trị tỉnh (Sandbox)"));
    }
}
