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
