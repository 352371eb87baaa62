using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Docs;

/// <summary>The repository's documentation links only to itself and to the web, and every link leads somewhere.</summary>
public sealed class LinkTests
{
    private static readonly string[] NotDocumentation = ["bin", "obj", "artifacts", "node_modules", ".git"];

    [Test]
    public void Every_relative_link_in_the_documentation_leads_to_a_file_or_heading_of_the_repository()
    {
        var files = MarkdownFiles(Repository.Root).ToList();
        Assert.That(files.Select(f => Path.GetRelativePath(Repository.Root, f).Replace('\\', '/')),
            Does.Contain("README.md").And.Contain("BENCHMARKS.md").And.Contain("docs/architecture.md"));

        var problems = files.SelectMany(f => DocLinks.Problems(Repository.Root, f)).ToList();

        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems));
    }

    [Test]
    public void The_readme_links_to_every_file_in_docs()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var linked = DocLinks.Links(readme).Select(l => l.Target.Split('#')[0]).ToHashSet(StringComparer.Ordinal);
        var docs = Directory.EnumerateFiles(Path.Combine(Repository.Root, "docs"), "*.md")
            .Select(f => "docs/" + Path.GetFileName(f));

        Assert.That(docs.Where(d => !linked.Contains(d)), Is.Empty, "docs files the README does not link to");
    }

    [Test]
    public void A_missing_file_a_missing_heading_and_a_link_out_of_the_repository_are_each_reported()
    {
        var root = Path.Combine(Path.GetTempPath(), "zalobot-tests", "links-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        File.WriteAllText(Path.Combine(root, "docs", "storage.md"), "# Storage\n\n## Sao lưu và khôi phục (backup)\n");
        var readme = Path.Combine(root, "README.md");
        File.WriteAllText(readme, """
            # ZaloBot
            [fine](docs/storage.md#sao-lưu-và-khôi-phục-backup) [fine too](#zalobot) [web](https://developers.zalo.me/docs)
            [gone](docs/handoff.md)
            [no such heading](docs/storage.md#backups)
            [outside](../shared/docs/design.md)
            ![absolute](/work/shared/docs/domain.md)
            [machine](file:///etc/passwd)
            `[in code](docs/nothing.md)`
            ```
            [in a block](docs/nothing.md)
            ```
            """);

        var problems = DocLinks.Problems(root, readme).ToList();

        Assert.That(problems, Is.EqualTo(new[]
        {
            "README.md:3: docs/handoff.md: no such file in the repository",
            "README.md:4: docs/storage.md#backups: no heading with the anchor #backups in storage.md",
            "README.md:5: ../shared/docs/design.md: leaves the repository",
            "README.md:6: /work/shared/docs/domain.md: an absolute path; write it relative to this file",
            "README.md:7: file:///etc/passwd: points at the machine, not at the repository or the web",
        }));
    }

    [TestCase("Officials' console", "officials-console")]
    [TestCase("Help requests (Handoff)", "help-requests-handoff")]
    [TestCase("Team groups: commands, registry, admin API", "team-groups-commands-registry-admin-api")]
    [TestCase("Đơn vị & tổ", "đơn-vị--tổ")]
    [TestCase("`#hotro`: báo cáo hộ đã hỗ trợ", "hotro-báo-cáo-hộ-đã-hỗ-trợ")]
    [TestCase("The [router](architecture.md) table", "the-router-table")]
    public void A_heading_gets_githubs_anchor(string heading, string anchor) =>
        Assert.That(DocLinks.Anchor(heading), Is.EqualTo(anchor));

    [Test]
    public void A_repeated_heading_gets_a_numbered_anchor() =>
        Assert.That(DocLinks.Anchors("## Routes\n## Routes\n## Routes\n"), Is.EquivalentTo(new[] { "routes", "routes-1", "routes-2" }));

    private static IEnumerable<string> MarkdownFiles(string folder) =>
        Directory.EnumerateFiles(folder, "*.md").Concat(Directory.EnumerateDirectories(folder)
            .Where(d => !NotDocumentation.Contains(Path.GetFileName(d)))
            .SelectMany(MarkdownFiles));
}
