using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ZaloBot.Contacts;
using ZaloBot.Messaging;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Contacts;

/// <summary>The contact tracker watches user events; the router still gives them to their owner.</summary>
public sealed class ContactTrackerTests
{
    private static async Task<(long IsFollower, long? LastInteractionAt, long? UnfollowedAt)?> ContactAsync(TestApp app, string userId)
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.QuerySingleOrDefaultAsync<(long, long?, long?)?>(
            "SELECT is_follower, last_interaction_at, unfollowed_at FROM oa_contacts WHERE zalo_user_id = @userId", new { userId });
    }

    [Test]
    public async Task A_follow_is_recorded_and_still_welcomed_an_unfollow_is_recorded_and_a_message_reopens_the_window()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new TestApp(TestApp.NewDatabasePath(), services => services.AddSingleton<TimeProvider>(clock));
        using var client = app.CreateClient();
        const string User = "6100000000000000001";

        (await client.PostSignedAsync(ZaloWebhooks.Follow(User))).Dispose();
        await Eventually.UntilAsync(async () => await app.QueryScalarAsync<string?>(
            "SELECT status FROM outbox_messages WHERE recipient_id = @User", new { User }) == OutboxStatus.Sent, "the welcome was sent");
        var followed = await ContactAsync(app, User);
        Assert.That(followed?.IsFollower, Is.EqualTo(1));
        Assert.That(followed?.LastInteractionAt, Is.Not.Null);

        (await client.PostSignedAsync(ZaloWebhooks.Named("unfollow", User).Replace("\"sender\"", "\"follower\"", StringComparison.Ordinal))).Dispose();
        await Eventually.UntilAsync(async () => (await ContactAsync(app, User))?.IsFollower == 0, "the unfollow was recorded");
        Assert.That((await ContactAsync(app, User))?.UnfollowedAt, Is.Not.Null);

        clock.Advance(TimeSpan.FromMinutes(1));
        (await client.PostSignedAsync(ZaloWebhooks.UserText(User, "msg-contact-1", "chào"))).Dispose();
        await Eventually.UntilAsync(async () => (await ContactAsync(app, User))?.LastInteractionAt > followed?.LastInteractionAt, "the message counts as an interaction");
        Assert.That((await ContactAsync(app, User))?.IsFollower, Is.EqualTo(0), "writing is not following");
    }
}
