using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace ZaloBot.Bench;

/// <summary>What the numbers were measured on.</summary>
internal sealed record MachineInfo(int Cores, string Memory, string Cpu, string Os, string Dotnet, string LoadAverage, string Commit, DateTimeOffset Date)
{
    public static MachineInfo Read(string repositoryRoot) => new(
        Environment.ProcessorCount,
        MemTotal(),
        ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        ReadFirstLine("/proc/loadavg") is { } load ? string.Join(' ', load.Split(' ').Take(3)) : "?",
        GitCommit(repositoryRoot),
        DateTimeOffset.UtcNow);

    /// <summary>The load average now (1, 5, 15 min), to show how busy the machine was.</summary>
    public static string LoadNow() =>
        ReadFirstLine("/proc/loadavg") is { } load ? string.Join(' ', load.Split(' ').Take(3)) : "?";

    private static string MemTotal()
    {
        var kb = ProcField("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.TryParse(kb, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? string.Create(CultureInfo.InvariantCulture, $"{value / 1024.0 / 1024.0:0.0} GiB")
            : "?";
    }

    private static string? ProcField(string path, string name)
    {
        try
        {
            return File.ReadLines(path)
                .Where(l => l.StartsWith(name, StringComparison.Ordinal) && l.Contains(':', StringComparison.Ordinal))
                .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
                .FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? ReadFirstLine(string path)
    {
        try
        {
            return File.ReadLines(path).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string GitCommit(string repositoryRoot)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = repositoryRoot };
            foreach (var arg in new[] { "describe", "--always", "--dirty", "--abbrev=10" })
            {
                info.ArgumentList.Add(arg);
            }

            using var git = Process.Start(info);
            if (git is null)
            {
                return "?";
            }

            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && output.Length > 0 ? output : "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
