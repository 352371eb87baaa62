using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ZaloBot.Bench;

/// <summary>
/// A server the harness starts (the app or the no-op endpoint) on a loopback port: its output goes to log files in
/// the work folder, its memory is sampled from <c>/proc/&lt;pid&gt;/status</c> while it runs, and it is stopped with
/// SIGKILL (the app is built to survive that; nothing here relies on a graceful stop).
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly Task _pumps;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampler;
    private long _peakRssKb;
    private long _peakHwmKb;
    private long _cpuTicks;

    private ChildProcess(string name, Process process, Task pumps, Uri baseUrl)
    {
        Name = name;
        _process = process;
        _pumps = pumps;
        BaseUrl = baseUrl;
        Pid = process.Id;
        _sampler = SampleAsync(_stop.Token);
    }

    public string Name { get; }

    public int Pid { get; }

    public Uri BaseUrl { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The largest resident set seen: the kernel's high-water mark (VmHWM), or a sampled VmRSS if larger.</summary>
    public long PeakRssKb => Math.Max(Interlocked.Read(ref _peakRssKb), Interlocked.Read(ref _peakHwmKb));

    /// <summary>CPU time (user + system) the process had used when last sampled.</summary>
    public TimeSpan CpuTime => TimeSpan.FromSeconds(Interlocked.Read(ref _cpuTicks) / (double)ClockTicksPerSecond);

    /// <summary>CPU time used by start-up (JIT, migrations), to leave out of what a measurement cost.</summary>
    public TimeSpan CpuAtReady { get; private set; }

    /// <summary>USER_HZ, the unit of /proc/&lt;pid&gt;/stat times: 100 on Linux.</summary>
    private const int ClockTicksPerSecond = 100;

    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> args…</c> listening on http://127.0.0.1:<paramref name="port"/> and waits
    /// until <paramref name="readyPath"/> answers 200.
    /// </summary>
    public static async Task<ChildProcess> StartAsync(
        string name, string dll, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, int port,
        string readyPath, string logFolder, TimeSpan readyTimeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = logFolder,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var baseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        info.Environment["ASPNETCORE_URLS"] = baseUrl.AbsoluteUri.TrimEnd('/');
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {name}");
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, Path.Combine(logFolder, name + ".log")),
            PumpAsync(process.StandardError.BaseStream, Path.Combine(logFolder, name + ".err.log")));
        var child = new ChildProcess(name, process, pumps, baseUrl);
        try
        {
            await child.WaitReadyAsync(readyPath, readyTimeout);
            child.SampleCpu();
            child.CpuAtReady = child.CpuTime;
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, then waits for the process to be gone; reads its memory high-water mark first.</summary>
    public async Task KillAsync()
    {
        SampleOnce();
        if (!_process.HasExited)
        {
            // Process.Kill sends SIGKILL on Linux: no shutdown code runs in the app.
            _process.Kill(entireProcessTree: false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _process.WaitForExitAsync(timeout.Token);
        await _stop.CancelAsync();
        await _sampler;
        await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            // Already gone, or its output pipes did not close: nothing more to do for a dead child.
        }

        _process.Dispose();
        _stop.Dispose();
    }

    private async Task WaitReadyAsync(string readyPath, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready; see {Name}.log / {Name}.err.log");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(readyPath, UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{Name} did not answer {readyPath} within {timeout.TotalSeconds:0} s");
    }

    private static async Task PumpAsync(Stream from, string path)
    {
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await from.CopyToAsync(file);
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(SampleEvery);
        try
        {
            do
            {
                SampleOnce();
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Reads memory and CPU time now rather than at the next sample.</summary>
    public void Sample() => SampleOnce();

    private void SampleOnce()
    {
        SampleCpu();
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        foreach (var line in lines)
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                Atomic.Max(ref _peakHwmKb, KiloBytes(line));
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                Atomic.Max(ref _peakRssKb, KiloBytes(line));
            }
        }
    }

    private void SampleCpu()
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return;
        }
        catch (UnauthorizedAccessException)
        {
            return;
        }

        // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length > 12 && long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system))
        {
            Atomic.Max(ref _cpuTicks, user + system);
        }
    }

    private static long KiloBytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb) ? kb : 0;
    }
}
