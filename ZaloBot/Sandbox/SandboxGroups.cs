namespace ZaloBot.Sandbox;

public sealed record SandboxGroup(string GroupId, string Name);

/// <summary>The groups the simulator lets a person write in; features add theirs (the demo team's group).</summary>
public sealed class SandboxGroups
{
    private readonly List<SandboxGroup> _groups = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<SandboxGroup> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _groups];
            }
        }
    }

    public void Add(SandboxGroup group)
    {
        lock (_lock)
        {
            if (!_groups.Contains(group))
            {
                _groups.Add(group);
            }
        }
    }
}
