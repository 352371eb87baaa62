namespace ZaloBot.Sandbox;

/// <summary>The <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>Serve the simulator and the emulator to other machines without the console sign-in.</summary>
    public bool AllowRemote { get; set; }
}
