// Build script: dotnet tool restore && dotnet cake [--target=Test|Publish|...]
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var solution = "./ZaloBot.slnx";
var publishDir = Argument("publish-dir", "./artifacts/publish");

Task("Clean")
    .Does(() =>
{
    CleanDirectories("./**/bin/" + configuration);
    CleanDirectories("./**/obj/" + configuration);
    CleanDirectory("./artifacts");
});

Task("Restore")
    .Does(() => DotNetRestore(solution));

Task("Build")
    .IsDependentOn("Restore")
    .Does(() => DotNetBuild(solution, new DotNetBuildSettings { Configuration = configuration, NoRestore = true }));

// The console's browser tests drive Debian's Chromium; Playwright never downloads a browser of its own. As root on
// Debian the package is installed here, so the test command works on a machine that has only the .NET SDK;
// anywhere else the run stops before testing with one line saying what to install.
const string Chromium = "/usr/bin/chromium";
Task("Browser")
    .Does(() =>
{
    if (FileExists(Chromium))
    {
        return;
    }

    var canInstall = IsRunningOnLinux() && FileExists("/usr/bin/apt-get") && System.Environment.UserName == "root";
    if (!canInstall)
    {
        throw new CakeException($"The console's browser tests need Chromium at {Chromium}: install Debian's chromium package (apt-get install -y chromium), then run the tests again.");
    }

    Information("Installing Debian's chromium for the console's browser tests...");
    foreach (var arguments in new[] { "update -qq", "install -y -qq chromium" })
    {
        var exitCode = StartProcess("apt-get", new ProcessSettings
        {
            Arguments = arguments,
            EnvironmentVariables = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" },
        });
        if (exitCode != 0)
        {
            throw new CakeException($"apt-get {arguments} failed (exit {exitCode}); install Debian's chromium package by hand.");
        }
    }

    if (!FileExists(Chromium))
    {
        throw new CakeException($"Debian's chromium package is installed but {Chromium} is still missing.");
    }
});

Task("Test")
    .IsDependentOn("Build")
    .IsDependentOn("Browser")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "trx;LogFileName=results.trx", "console;verbosity=normal" },
        ResultsDirectory = "./artifacts/test-results",
    }));

// The benchmark harness (ZaloBot.Bench) against the Release build; rewrites BENCHMARKS.md (10–15 minutes).
// Pass --bench-args="--quick" for the smoke run CI does, or "--only ingest,e2e,crash" for some parts.
Task("Bench")
    .IsDependentOn("Build")
    .Does(() =>
{
    var benchArgs = Argument("bench-args", "");
    var output = benchArgs.Contains("--quick") ? "./artifacts/bench-smoke.md" : "./BENCHMARKS.md";
    EnsureDirectoryExists("./artifacts");
    DotNetExecute($"./ZaloBot.Bench/bin/{configuration}/net10.0/ZaloBot.Bench.dll",
        $"--app ./ZaloBot/bin/{configuration}/net10.0/ZaloBot.dll --out {output} {benchArgs}");
});

// The Dockerfile runs this same command in its build stage.
Task("Publish")
    .IsDependentOn("Restore")
    .Does(() => DotNetPublish("./ZaloBot/ZaloBot.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        NoRestore = true,
        OutputDirectory = publishDir,
    }));

RunTarget(target);
