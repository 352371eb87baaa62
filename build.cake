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

Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "trx;LogFileName=results.trx", "console;verbosity=normal" },
        ResultsDirectory = "./artifacts/test-results",
    }));

// Issue 8: the benchmark harness (ZaloBot.Bench) against the Release build; rewrites BENCHMARKS.md (about 4 minutes).
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
