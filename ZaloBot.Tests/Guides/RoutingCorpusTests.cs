using ZaloBot.Guides;

namespace ZaloBot.Tests.Guides;

/// <summary>
/// The routing corpus: what residents write, one file per expected answer in Guides/RoutingCorpus (how to add
/// phrasings: docs/resident-routing.md). <c>&lt;guide-id&gt;.txt</c> must open that guide, <c>_menu.&lt;step&gt;.txt</c>
/// that menu area, <c>_handoff.txt</c> a person from the team, and <c>_none.txt</c> the honest answer that no guide
/// covers it. The whole corpus goes through the real router over the shipped guides; the score and every miss are
/// printed.
/// </summary>
public sealed class RoutingCorpusTests
{
    private const double RequiredScore = 0.95;
    private const int RequiredPhrasings = 150;
    private const string MenuPrefix = "_menu.";
    private const string Handoff = "_handoff";
    private const string None = "_none";

    private static readonly GuideLibrary Library = GuideHarness.ShippedLibrary;

    private static readonly GuideRouter Router = new(Library);

    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Guides", "RoutingCorpus");

    [Test]
    public void At_least_95_percent_of_the_corpus_reaches_the_answer_it_expects()
    {
        var phrasings = Corpus().ToList();
        var misses = new List<string>();
        foreach (var (expected, text) in phrasings)
        {
            var actual = Describe(Router.Understand(text));
            if (actual != expected)
            {
                misses.Add($"{expected,-24} «{text}» → {actual}");
            }
        }

        var score = (double)(phrasings.Count - misses.Count) / phrasings.Count;
        TestContext.Out.WriteLine($"Routing corpus: {phrasings.Count - misses.Count}/{phrasings.Count} = {score:P1} reach the expected answer.");
        foreach (var file in phrasings.GroupBy(p => p.Expected).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            TestContext.Out.WriteLine($"  {file.Key,-24} {file.Count(p => Describe(Router.Understand(p.Text)) == p.Expected)}/{file.Count()}");
        }

        TestContext.Out.WriteLine(misses.Count == 0 ? "No misses." : $"Misses ({misses.Count}):");
        foreach (var miss in misses)
        {
            TestContext.Out.WriteLine("  " + miss);
        }

        Assert.That(score, Is.GreaterThanOrEqualTo(RequiredScore), $"{score:P1} of the corpus routed right; misses:\n" + string.Join("\n", misses));
    }

    [Test]
    public void The_corpus_has_150_phrasings_and_covers_every_guide_and_main_menu_area()
    {
        var expected = Corpus().Select(p => p.Expected).ToHashSet(StringComparer.Ordinal);
        var wanted = Library.Topics.Select(g => g.Id)
            .Concat(Library.Menu.Start.Buttons.Select(b => b.Target).OfType<GuideTarget.ToStep>().Select(s => MenuPrefix + s.StepId))
            .Append(Handoff)
            .Append(None);

        Assert.That(Corpus().Count(), Is.GreaterThanOrEqualTo(RequiredPhrasings));
        Assert.That(wanted.Where(w => !expected.Contains(w)), Is.Empty, "answers without phrasings in the corpus");
    }

    [Test]
    public void Every_corpus_file_names_a_guide_a_menu_area_or_a_fixed_answer()
    {
        var unknown = Directory.GetFiles(Folder, "*.txt")
            .Select(Path.GetFileNameWithoutExtension)
            .Where(name => name is not (Handoff or None)
                && Library.Find(name!) is not { IsMenu: false }
                && !(name!.StartsWith(MenuPrefix, StringComparison.Ordinal) && Library.Menu.FindStep(name[MenuPrefix.Length..]) is not null));

        Assert.That(unknown, Is.Empty);
    }

    /// <summary>Every phrasing with the answer its file expects; blank lines and <c>#</c> comments are skipped.</summary>
    private static IEnumerable<(string Expected, string Text)> Corpus() =>
        Directory.GetFiles(Folder, "*.txt")
            .Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadLines(file)
                .Select(line => line.Trim())
                .Where(line => line.Length > 0 && !line.StartsWith('#'))
                .Select(line => (Path.GetFileNameWithoutExtension(file), line)));

    /// <summary>The router's answer in the corpus's terms, so a miss says what the resident got instead.</summary>
    private static string Describe(TextIntent intent) => intent switch
    {
        TextIntent.Topic { Guides: [var only] } => only.Id,
        TextIntent.Topic { Guides: var several } => "a choice of " + string.Join(", ", several.Select(g => g.Id)),
        TextIntent.Area { Menu: var menu } => MenuPrefix + menu.StepId,
        TextIntent.Command { Kind: GuideCommand.Handoff } => Handoff,
        TextIntent.NoGuide => None,
        TextIntent.Command { Kind: var kind } => "the command " + kind,
        TextIntent.Number { Value: var n } => "the number " + n,
        _ => "not understood",
    };
}
