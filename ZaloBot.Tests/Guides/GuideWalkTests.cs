using ZaloBot.Guides;
using ZaloBot.Handoff;
using ZaloBot.Tests.Support;
using ZaloBot.Zalo;

namespace ZaloBot.Tests.Guides;

/// <summary>
/// Walks every guide in Guides/Content by tapping its buttons, the way a resident would: from the welcome,
/// through the menus to the guide, then every button of every step. The cases come from the content files, so a
/// new guide is walked without a new test.
/// </summary>
public sealed class GuideWalkTests
{
    public static IEnumerable<TestCaseData> Guides() =>
        GuideHarness.ShippedLibrary.Topics.Select(g => new TestCaseData(g.Id).SetName($"Guide '{g.Id}' can be walked from the welcome through every step"));

    [TestCaseSource(nameof(Guides))]
    public async Task Walk(string guideId)
    {
        await using var harness = await GuideHarness.StartAsync();
        var library = harness.Library;
        var guide = library.Find(guideId)!;
        var user = "walker-" + guideId;

        var welcome = await harness.FollowAsync(user);
        AssertFits(welcome);
        var start = await ReachFromMenuAsync(harness, user, welcome.Buttons, library.StartOf(guide));

        var visited = new HashSet<string> { guide.Start.Id };
        var tapped = new HashSet<string>();
        var queue = new Queue<ZaloButton>(start.Buttons);
        while (queue.TryDequeue(out var button))
        {
            if (!tapped.Add(button.Payload))
            {
                continue;
            }

            var reply = await harness.TapAsync(user, button);
            AssertFits(reply);
            var position = await harness.PositionAsync(user);
            switch (ActionOf(button))
            {
                case GuideAction.Go { To: var to } when to.GuideId == guideId:
                    Assert.That(position, Is.EqualTo(to), $"'{button.Title}' opened its step");
                    visited.Add(to.StepId);
                    foreach (var next in reply.Buttons)
                    {
                        queue.Enqueue(next);
                    }

                    break;
                case GuideAction.Go { To: var elsewhere }:
                    Assert.That(position, Is.EqualTo(elsewhere), $"'{button.Title}' opened guide '{elsewhere.GuideId}'");
                    Assert.That(library.Find(elsewhere), Is.Not.Null);
                    break;
                case GuideAction.Menu:
                    Assert.That(position, Is.EqualTo(library.MenuStart), $"'{button.Title}' opened the main menu");
                    break;
                case GuideAction.Handoff { Topic: var topic }:
                    Assert.That(reply.Text, Is.EqualTo(HandoffTexts.AskVillage), $"'{button.Title}' started the handoff questions");
                    Assert.That(topic?.GuideId, Is.EqualTo(guideId), "the handoff knows which guide the resident was in");
                    Assert.That(await harness.HandoffGuideAsync(user), Is.EqualTo(guideId), "the questions keep which guide the resident came from");
                    break;
                default:
                    Assert.Fail($"'{button.Title}' has an unexpected action {button.Payload}");
                    break;
            }
        }

        Assert.That(visited, Is.EquivalentTo(guide.Steps.Select(s => s.Id)), $"every step of {guide.FileName} was reached by tapping");
    }

    /// <summary>Taps through the menus (never into other guides) until the guide's first step opens.</summary>
    private static async Task<Reply> ReachFromMenuAsync(GuideHarness harness, string user, IReadOnlyList<ZaloButton> buttons, GuidePosition target)
    {
        var queue = new Queue<ZaloButton>(buttons);
        var tapped = new HashSet<string>();
        while (queue.TryDequeue(out var button))
        {
            if (ActionOf(button) is not GuideAction.Go { To: var to } || !tapped.Add(button.Payload))
            {
                continue;
            }

            if (to.GuideId != GuideLibrary.MenuId && to != target)
            {
                continue;
            }

            var reply = await harness.TapAsync(user, button);
            AssertFits(reply);
            if (to == target)
            {
                Assert.That(await harness.PositionAsync(user), Is.EqualTo(target));
                return reply;
            }

            foreach (var next in reply.Buttons)
            {
                queue.Enqueue(next);
            }
        }

        Assert.Fail($"No way from the main menu to {target}");
        return null!;
    }

    /// <summary>Reads the action out of a payload ("~g|action|mac"); the test never signs anything itself.</summary>
    private static GuideAction? ActionOf(ZaloButton button)
    {
        Assert.That(button.ButtonType, Is.EqualTo(ZaloButtonTypes.QueryHide));
        var parts = button.Payload.Split('|');
        Assert.That(parts, Has.Length.EqualTo(3), button.Payload);
        Assert.That(parts[0], Is.EqualTo("~g"), button.Payload);
        return GuideAction.Decode(parts[1]);
    }

    private static void AssertFits(Reply reply)
    {
        Assert.That(reply.Messages, Is.Not.Empty);
        foreach (var message in reply.Messages)
        {
            Assert.That(message.Text, Is.Not.Null.And.Not.Empty);
            Assert.That(message.Text!.Length, Is.LessThanOrEqualTo(ZaloText.MaxLength));
            Assert.That(message.Buttons, Has.Count.LessThanOrEqualTo(GuideLoader.MaxButtons));
            Assert.That(message.Buttons.Select(b => b.Title.Length), Has.All.LessThanOrEqualTo(GuideLoader.MaxButtonTitle));
            Assert.That(message.Buttons.Select(b => b.Payload.Length), Has.All.LessThanOrEqualTo(1000), "Zalo's query payload limit");
        }
    }
}
