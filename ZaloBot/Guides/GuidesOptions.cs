namespace ZaloBot.Guides;

/// <summary>The <c>Guides</c> configuration section.</summary>
public sealed class GuidesOptions
{
    public const string Section = "Guides";

    /// <summary>
    /// The folder of the content files; empty means Guides/Content next to the app (where the build and publish
    /// copy them). A relative path is taken from the app's folder.
    /// </summary>
    public string ContentPath { get; set; } = "";

    /// <summary>After this much silence, the next message first offers to continue or start over.</summary>
    public TimeSpan ResumeAfter { get; set; } = TimeSpan.FromHours(24);

    public string ResolvedContentPath => Path.GetFullPath(
        string.IsNullOrWhiteSpace(ContentPath) ? Path.Combine("Guides", "Content") : ContentPath, AppContext.BaseDirectory);
}
