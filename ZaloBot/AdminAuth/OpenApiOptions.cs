namespace ZaloBot.AdminAuth;

/// <summary>The <c>OpenApi</c> configuration section.</summary>
public sealed class OpenApiOptions
{
    public const string Section = "OpenApi";

    /// <summary>Serve the document without a key (Sandbox mode sets it).</summary>
    public bool Public { get; set; }
}
