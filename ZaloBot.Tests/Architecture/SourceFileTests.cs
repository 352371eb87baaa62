using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Architecture;

/// <summary>The app's source files are named after the type they hold, and no comment in the repository cites an issue number.</summary>
public sealed class SourceFileTests
{
    private static readonly string App = Path.Combine(Repository.Root, "ZaloBot");

    [Test]
    public void Every_source_file_of_the_app_declares_the_type_it_is_named_after()
    {
        var files = SourceFiles.Under(App).ToList();
        Assert.That(files.Select(Path.GetFileName), Does.Contain("Program.cs").And.Contain("Team.cshtml.cs"));

        var misnamed = files.Where(f => !SourceFiles.IsNamedAfterItsType(f, File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(Repository.Root, f));

        Assert.That(misnamed, Is.Empty, "files that declare no type of their name");
    }

    [Test]
    public void No_comment_in_the_repository_cites_an_issue_number()
    {
        var files = SourceFiles.Commented(Repository.Root)
            // This test's own files hold citations as the examples it checks the rule against.
            .Where(f => !Path.GetFileName(f).StartsWith("SourceFile", StringComparison.Ordinal))
            .ToList();
        Assert.That(files.Select(f => Path.GetRelativePath(Repository.Root, f)), Does.Contain("build.cake")
            .And.Contain(Path.Combine("ZaloBot", "Storage", "Migrations", "0001_inbox.sql"))
            .And.Contain(Path.Combine("ZaloBot.Bench", "ZaloBot.Bench.csproj")));

        var cited = files.SelectMany(f => SourceFiles.IssueReferences(File.ReadAllText(f), SourceFiles.MarkerOf(f))
            .Select(comment => $"{Path.GetRelativePath(Repository.Root, f)}: {comment}"));

        Assert.That(cited, Is.Empty, "say why in the comment; the history belongs in the commit message");
    }

    [Test]
    public void A_file_that_holds_only_other_types_is_misnamed()
    {
        const string Enums = "namespace ZaloBot.Broadcasts;\n\npublic enum BroadcastAudience { Groups }\n\npublic static class QuietHours;\n";

        Assert.That(SourceFiles.IsNamedAfterItsType("Broadcasts/Broadcast.cs", Enums), Is.False);
        Assert.That(SourceFiles.IsNamedAfterItsType("Broadcasts/BroadcastAudience.cs", Enums), Is.True);
    }

    [Test]
    public void A_partial_part_is_named_after_its_type_and_a_page_after_its_model()
    {
        Assert.That(SourceFiles.IsNamedAfterItsType("TeamChat/TeamCommands.HelpRequests.cs", "internal sealed partial class TeamCommands\n{\n}\n"), Is.True);
        Assert.That(SourceFiles.IsNamedAfterItsType("Admin/Pages/Team.cshtml.cs", "public sealed class TeamModel : PageModel\n{\n}\n"), Is.True);
        Assert.That(SourceFiles.IsNamedAfterItsType("Admin/Pages/Team.cshtml.cs", "public sealed class Team\n{\n}\n"), Is.False);
        Assert.That(SourceFiles.IsNamedAfterItsType("Zalo/ZaloClient.cs", "public sealed record class ZaloClient(string Url);\n"), Is.True);
    }

    [Test]
    public void A_comment_citing_an_issue_is_reported_and_code_is_not()
    {
        const string Source = """
            // Refilled in small steps (issue 8).
            /// <summary>Sorted once. Issue #12's test showed why.</summary>
            var issue = 8; // no citation here
            var text = "issue 5";
            """;

        Assert.That(SourceFiles.IssueReferences(Source), Is.EqualTo(new[]
        {
            "// Refilled in small steps (issue 8).",
            "/// <summary>Sorted once. Issue #12's test showed why.</summary>",
        }));
        Assert.That(SourceFiles.IssueReferences("SELECT 1; -- kept for issue 3\nSELECT 'issue 4';", "--"), Is.EqualTo(new[] { "-- kept for issue 3" }));
    }
}
