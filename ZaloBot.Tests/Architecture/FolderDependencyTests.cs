using ArchUnitNET.Loader;

namespace ZaloBot.Tests.Architecture;

/// <summary>
/// The arrows between the app's folders point one way (see docs/architecture.md): no two folders reach each other,
/// the core (storage, text, the Zalo edge, the messaging spine and its instruments) imports no feature, and the admin
/// authentication primitives import nothing but the core.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>What every feature may build on; these folders use only one another.</summary>
    private static readonly IReadOnlySet<string> Core = new HashSet<string>(StringComparer.Ordinal)
    {
        "Storage", "Text", "Zalo", "Messaging", "Monitoring",
    };

    private FolderGraph _app = null!;

    [OneTimeSetUp]
    public void LoadTheAppOnce() =>
        _app = FolderGraph.Of(new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build());

    [Test]
    public void The_graph_holds_the_apps_arrows()
    {
        // Guards the checks below against passing over an empty or half-read graph.
        Assert.That(_app.Targets("Routing"), Is.SupersetOf(new[] { "Residents", "TeamChat", "Messaging" }));
        Assert.That(_app.Targets("Admin"), Does.Contain("Broadcasts"));
        Assert.That(_app.Folders, Is.SupersetOf(Core));
    }

    [Test]
    public void No_two_folders_reach_each_other() =>
        Assert.That(_app.Cycles(), Is.Empty, "folders that depend on each other, directly or through others");

    [TestCase("Storage")]
    [TestCase("Text")]
    [TestCase("Zalo")]
    [TestCase("Messaging")]
    [TestCase("Monitoring")]
    public void The_core_imports_no_feature(string folder) =>
        Assert.That(_app.ArrowsOutside(folder, Core), Is.Empty, $"{folder} reaches outside the core");

    [Test]
    public void Admin_authentication_imports_nothing_but_the_core() =>
        Assert.That(_app.ArrowsOutside("AdminAuth", Core), Is.Empty, "AdminAuth reaches a feature");

    [Test]
    public void A_hand_made_cycle_through_three_folders_is_reported()
    {
        var graph = new FolderGraph()
            .Add("Admin", "Broadcasts", "BroadcastsModel → BroadcastOperations")
            .Add("Broadcasts", "Teams", "BroadcastRunner → AdminUnit")
            .Add("Teams", "Admin", "UnitStore → OfficerScope")
            .Add("Teams", "Storage", "UnitStore → Db");

        Assert.That(graph.Cycles(), Is.EqualTo(new[]
        {
            "Admin ⇄ Broadcasts ⇄ Teams: Admin → Broadcasts (BroadcastsModel → BroadcastOperations); "
            + "Broadcasts → Teams (BroadcastRunner → AdminUnit); Teams → Admin (UnitStore → OfficerScope)",
        }));
    }

    [Test]
    public void Two_separate_cycles_are_both_reported_and_a_one_way_arrow_is_not()
    {
        var graph = new FolderGraph()
            .Add("Guides", "Handoff", "a").Add("Handoff", "Guides", "b")
            .Add("Zalo", "Monitoring", "c").Add("Monitoring", "Zalo", "d")
            .Add("Routing", "Guides", "e");

        Assert.That(graph.Cycles(), Has.Count.EqualTo(2));
        Assert.That(graph.Cycles(), Has.None.Contains("Routing"));
    }

    [Test]
    public void Arrows_one_way_make_no_cycle_and_an_arrow_inside_a_folder_is_none()
    {
        var graph = new FolderGraph()
            .Add("Routing", "Residents", "a").Add("Residents", "Guides", "b").Add("Routing", "Guides", "c")
            .Add("Guides", "Guides", "d");

        Assert.That(graph.Cycles(), Is.Empty);
        Assert.That(graph.Targets("Guides"), Is.Empty);
    }

    [Test]
    public void An_arrow_out_of_the_core_is_reported_with_its_reason()
    {
        var graph = new FolderGraph().Add("Storage", "Text", "Db → VietnameseText").Add("Storage", "Teams", "Db → UnitStore");

        Assert.That(graph.ArrowsOutside("Storage", Core), Is.EqualTo(new[] { "Storage → Teams (Db → UnitStore)" }));
    }
}
