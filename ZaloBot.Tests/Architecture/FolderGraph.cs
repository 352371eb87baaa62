using ArchUnitNET.Domain;

namespace ZaloBot.Tests.Architecture;

/// <summary>
/// Which top-level folders of the app (namespaces <c>ZaloBot.&lt;Folder&gt;</c>) use which, with the type-to-type
/// dependencies behind each arrow so a failure names the code to change.
/// </summary>
public sealed class FolderGraph
{
    private readonly SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> _edges = new(StringComparer.Ordinal);

    /// <summary>The arrows of the app's types, read from their compiled code (signatures and method bodies).</summary>
    public static FolderGraph Of(ArchUnitNET.Domain.Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var graph = new FolderGraph();
        foreach (var type in architecture.Types)
        {
            if (FolderOf(type) is not { } from)
            {
                continue;
            }

            foreach (var dependency in type.Dependencies)
            {
                if (FolderOf(dependency.Target) is { } to)
                {
                    graph.Add(from, to, $"{type.Name} → {dependency.Target.Name}");
                }
            }
        }

        return graph;
    }

    /// <summary>Adds one arrow; an arrow inside one folder is no arrow between folders.</summary>
    public FolderGraph Add(string from, string to, string because)
    {
        if (from == to)
        {
            return this;
        }

        if (!_edges.TryGetValue(from, out var targets))
        {
            _edges[from] = targets = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        }

        if (!targets.TryGetValue(to, out var reasons))
        {
            targets[to] = reasons = new SortedSet<string>(StringComparer.Ordinal);
        }

        reasons.Add(because);
        return this;
    }

    public IEnumerable<string> Folders => _edges.Keys.Concat(_edges.Values.SelectMany(t => t.Keys)).Distinct().Order(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Targets(string folder) =>
        _edges.TryGetValue(folder, out var targets) ? targets.Keys : [];

    /// <summary>The arrows out of <paramref name="from"/> that end outside <paramref name="allowed"/>, each with its first reasons.</summary>
    public IReadOnlyList<string> ArrowsOutside(string from, IReadOnlySet<string> allowed) =>
        Targets(from).Where(to => !allowed.Contains(to)).Select(to => Describe(from, to)).ToList();

    /// <summary>
    /// Every set of two or more folders that reach one another (the strongly connected components, by Tarjan's
    /// algorithm), each described with the arrows that close it.
    /// </summary>
    public IReadOnlyList<string> Cycles()
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in Targets(folder))
            {
                if (!index.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[folder] = Math.Min(low[folder], seen);
                }
            }

            if (low[folder] != index[folder])
            {
                return;
            }

            var component = new SortedSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != folder);

            if (component.Count > 1)
            {
                var arrows = component.SelectMany(from => Targets(from).Where(component.Contains).Select(to => Describe(from, to)));
                cycles.Add($"{string.Join(" ⇄ ", component)}: {string.Join("; ", arrows)}");
            }
        }

        foreach (var folder in Folders)
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return cycles;
    }

    private string Describe(string from, string to)
    {
        var reasons = _edges[from][to];
        return $"{from} → {to} ({string.Join(", ", reasons.Take(3))}{(reasons.Count > 3 ? ", …" : "")})";
    }

    /// <summary>The folder of an app type: the second part of its namespace; null for the entry point and for library types.</summary>
    private static string? FolderOf(IType type) =>
        type.Namespace?.FullName is { } name && name.StartsWith("ZaloBot.", StringComparison.Ordinal)
            ? name.Split('.')[1]
            : null;
}
