using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ZaloBot.Text;

namespace ZaloBot.Guides;

/// <summary>A content file the app cannot run with. <see cref="Exception.Message"/> is one line: file, step, problem.</summary>
public sealed class GuideContentException : Exception
{
    public GuideContentException(IReadOnlyList<string> problems)
        : base(problems is [var first] ? first : $"{problems[0]} (and {problems.Count - 1} more problems)")
    {
        Problems = problems;
    }

    public GuideContentException()
        : this(["unknown guide content problem"])
    {
    }

    public GuideContentException(string message)
        : this([message])
    {
    }

    public GuideContentException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [message];
    }

    /// <summary>Every problem found, each "file: step 'id': problem".</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Reads Guides/Content/*.yaml and checks it: every button target exists, every step can be reached from its
/// guide's start, every guide from the main menu, every source says when it was last checked, every step that
/// mentions a word another guide asks for links to that guide, and every text and title fits. Problems name the
/// file and the step; the first one stops the app.
/// </summary>
public static partial class GuideLoader
{
    /// <summary>Zalo's safest documented button-title limit (zalo-oa-api.md §2.1, legacy buttons).</summary>
    public const int MaxButtonTitle = 35;

    public const int MaxButtons = 4;

    /// <summary>The longest text one message holds on every channel the bot runs (Zalo's OA and its Bot Platform: 2,000 characters).</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>What a step should stay under on a cheap phone; more is a warning, not an error.</summary>
    public const int AimLength = 600;

    public const int MaxTitle = 80;

    private const string GuidePrefix = "guide:";

    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    public static GuideLibrary Load(string directory)
    {
        var problems = new List<string>();
        var warnings = new List<string>();
        if (!Directory.Exists(directory))
        {
            throw new GuideContentException($"{directory}: the guide content folder does not exist");
        }

        var files = Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal).ToList();
        var parsed = new List<(string File, GuideFile Dto)>();
        foreach (var path in files)
        {
            var file = Path.GetFileName(path);
            if (Parse(path, file, problems) is { } dto)
            {
                parsed.Add((file, dto));
            }
        }

        if (problems.Count > 0)
        {
            throw new GuideContentException(problems);
        }

        var builder = new LibraryBuilder(parsed, problems, warnings);
        var library = builder.Build();
        if (problems.Count > 0)
        {
            throw new GuideContentException(problems);
        }

        return library!;
    }

    private static GuideFile? Parse(string path, string file, List<string> problems)
    {
        try
        {
            var dto = Yaml.Deserialize<GuideFile>(File.ReadAllText(path));
            if (dto is null)
            {
                problems.Add($"{file}: the file is empty");
            }

            return dto;
        }
        catch (YamlException ex)
        {
            var message = (ex.InnerException is YamlException inner ? inner.Message : ex.Message).Trim();
            problems.Add($"{file}: line {ex.Start.Line}: {Explain(message)}");
            return null;
        }
    }

    /// <summary>YamlDotNet's message on one line, in the content file's words rather than .NET type names.</summary>
    private static string Explain(string message)
    {
        var unknown = UnknownKey().Match(message);
        return unknown.Success ? $"unknown key '{unknown.Groups[1].Value}'" : VietnameseText.CollapseWhitespace(message);
    }

    [GeneratedRegex("Property '([^']*)' not found on type")]
    private static partial Regex UnknownKey();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex IdPattern();

    /// <summary>Builds the guides from the parsed files and records every problem it finds.</summary>
    private sealed class LibraryBuilder(List<(string File, GuideFile Dto)> files, List<string> problems, List<string> warnings)
    {
        private readonly Dictionary<string, (string File, GuideFile Dto)> _byId = new(StringComparer.Ordinal);

        public GuideLibrary? Build()
        {
            foreach (var (file, dto) in files)
            {
                CheckHeader(file, dto);
            }

            if (problems.Count > 0)
            {
                return null;
            }

            if (!_byId.ContainsKey(GuideLibrary.MenuId))
            {
                problems.Add($"{GuideLibrary.MenuId}.yaml: the main menu file is missing");
                return null;
            }

            var guides = files.Select(f => BuildGuide(f.File, f.Dto)).ToList();
            if (problems.Count > 0)
            {
                return null;
            }

            var library = new GuideLibrary(guides, warnings);
            CheckReachable(library);
            CheckRequiredLinks(library);
            CheckLengths(library);
            return library;
        }

        private void CheckHeader(string file, GuideFile dto)
        {
            var id = dto.Id ?? "";
            if (!IdPattern().IsMatch(id))
            {
                problems.Add($"{file}: id '{id}' must be lower-case letters, digits and dashes (at most 40)");
                return;
            }

            if (file != id + ".yaml")
            {
                problems.Add($"{file}: the file of guide '{id}' must be named {id}.yaml");
                return;
            }

            _byId[id] = (file, dto);
            foreach (var duplicate in (dto.Steps ?? []).GroupBy(s => s.Id).Where(g => g.Count() > 1))
            {
                problems.Add($"{file}: step '{duplicate.Key}': another step has the same id");
            }

            Require(file, null, !string.IsNullOrWhiteSpace(dto.Title), "title is missing");
            Require(file, null, (dto.Title ?? "").Length <= MaxTitle, $"title is longer than {MaxTitle} characters");
            Require(file, null, dto.Steps is { Count: > 0 }, "the guide has no steps");
            if (id == GuideLibrary.MenuId)
            {
                Require(file, null, !string.IsNullOrWhiteSpace(dto.Welcome), "the menu needs a welcome text");
                Require(file, null, dto.Prepare is null or { Count: 0 }, "the menu has nothing to prepare; remove 'prepare'");
                Require(file, null, dto.Sources is null or { Count: 0 }, "the menu states no facts; remove 'sources'");
                Require(file, null, dto.LinkedFromStepsMentioning is null, "only a guide can ask to be linked from other steps; remove 'linked_from_steps_mentioning'");
                return;
            }

            Require(file, null, dto.Welcome is null, "only the menu has a welcome text");
            Require(file, null, !string.IsNullOrWhiteSpace(dto.ShortTitle), "short_title is missing (used on buttons)");
            Require(file, null, (dto.ShortTitle ?? "").Length <= MaxButtonTitle, $"short_title is longer than {MaxButtonTitle} characters");
            Require(file, null, dto.Keywords is { Count: > 0 }, "keywords are missing");
            Require(file, null, dto.Prepare is { Count: > 0 }, "prepare ('cần chuẩn bị') is missing");
            Require(file, null, dto.Sources is { Count: > 0 }, "sources are missing");
            foreach (var source in dto.Sources ?? [])
            {
                Require(file, null, IsWebUrl(source.Url), $"source '{source.Url}' is not an http(s) address");
                Require(file, null, ParseDate(source.Checked) is not null,
                    $"source '{source.Url}' needs checked: the day it was last read, as yyyy-mm-dd (it has '{source.Checked}')");
            }

            foreach (var word in dto.LinkedFromStepsMentioning ?? [])
            {
                Require(file, null, GuideRouter.Tokens(word).Length > 0, $"linked_from_steps_mentioning has an empty word '{word}'");
            }
        }

        private Guide BuildGuide(string file, GuideFile dto)
        {
            var id = dto.Id!;
            var sources = (dto.Sources ?? []).Select(s => new GuideSource(s.Url ?? "", s.Note, ParseDate(s.Checked)!.Value)).ToList();
            var steps = new List<GuideStep>();
            if (dto.Prepare is { Count: > 0 } prepare)
            {
                var first = dto.Steps![0].Id ?? "";
                steps.Add(new GuideStep(GuideLibrary.IntroStepId, GuideTexts.Intro(Tidy(dto.Title), prepare.Select(Tidy).ToList(), GuideSource.OldestCheck(sources)), null,
                [
                    new GuideButton(GuideTexts.StartButton, new GuideTarget.ToStep(id, first)),
                    new GuideButton(GuideTexts.HandoffButton, new GuideTarget.ToHandoff()),
                    new GuideButton(GuideTexts.MenuButton, new GuideTarget.ToMenu()),
                ]));
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var step in dto.Steps!)
            {
                var stepId = step.Id ?? "";
                if (!IdPattern().IsMatch(stepId))
                {
                    problems.Add($"{file}: step '{stepId}': id must be lower-case letters, digits and dashes (at most 40)");
                    continue;
                }

                if (!seen.Add(stepId))
                {
                    continue;
                }

                Require(file, stepId, !string.IsNullOrWhiteSpace(step.Text), "text is missing");
                Require(file, stepId, step.Image is null || IsWebUrl(step.Image, httpsOnly: true), $"image '{step.Image}' is not an https address");
                var buttons = step.Buttons ?? [];
                Require(file, stepId, buttons.Count <= MaxButtons, $"has {buttons.Count} buttons; at most {MaxButtons}");
                var built = new List<GuideButton>();
                var titles = new HashSet<string>(StringComparer.Ordinal);
                foreach (var button in buttons)
                {
                    var title = Tidy(button.Title);
                    if (title.Length == 0)
                    {
                        problems.Add($"{file}: step '{stepId}': a button has no title");
                        continue;
                    }

                    Require(file, stepId, title.Length <= MaxButtonTitle, $"button '{title}' is longer than {MaxButtonTitle} characters");
                    Require(file, stepId, titles.Add(VietnameseText.Fold(title)), $"two buttons are called '{title}'");
                    if (ResolveTarget(file, id, stepId, title, button.Go) is { } target)
                    {
                        built.Add(new GuideButton(title, target));
                    }
                }

                steps.Add(new GuideStep(stepId, VietnameseText.Nfc(step.Text ?? "").Trim(), step.Image, built));
            }

            return new Guide(
                file, id, Tidy(dto.Title), Tidy(dto.ShortTitle ?? dto.Title),
                (dto.Keywords ?? []).Select(Tidy).ToList(),
                (dto.Prepare ?? []).Select(Tidy).ToList(),
                sources,
                dto.Welcome is null ? null : VietnameseText.Nfc(dto.Welcome).Trim(),
                steps);
        }

        private GuideTarget? ResolveTarget(string file, string guideId, string stepId, string title, string? go)
        {
            var where = $"{file}: step '{stepId}': button '{title}'";
            switch (go?.Trim())
            {
                case null or "":
                    problems.Add($"{where} has no 'go' target");
                    return null;
                case "menu":
                    return new GuideTarget.ToMenu();
                case "handoff":
                    return new GuideTarget.ToHandoff();
                case var text when text.StartsWith(GuidePrefix, StringComparison.Ordinal):
                    var rest = text[GuidePrefix.Length..];
                    var slash = rest.IndexOf('/', StringComparison.Ordinal);
                    var targetGuide = slash < 0 ? rest : rest[..slash];
                    if (!_byId.TryGetValue(targetGuide, out var other))
                    {
                        problems.Add($"{where} goes to guide '{targetGuide}', which does not exist");
                        return null;
                    }

                    if (slash < 0)
                    {
                        return new GuideTarget.ToStep(targetGuide, StartStepId(other.Dto));
                    }

                    var targetStep = rest[(slash + 1)..];
                    if (!(other.Dto.Steps ?? []).Any(s => s.Id == targetStep))
                    {
                        problems.Add($"{where} goes to step '{targetStep}' of guide '{targetGuide}', which that guide does not have");
                        return null;
                    }

                    return new GuideTarget.ToStep(targetGuide, targetStep);
                case var local when IdPattern().IsMatch(local):
                    if (!_byId[guideId].Dto.Steps!.Any(s => s.Id == local))
                    {
                        problems.Add($"{where} goes to step '{local}', which this guide does not have");
                        return null;
                    }

                    return new GuideTarget.ToStep(guideId, local);
                default:
                    problems.Add($"{where} goes to '{go}'; a target is a step id, 'guide:<id>', 'guide:<id>/<step>', 'menu' or 'handoff'");
                    return null;
            }
        }

        private static string StartStepId(GuideFile dto) =>
            dto.Prepare is { Count: > 0 } ? GuideLibrary.IntroStepId : dto.Steps?.FirstOrDefault()?.Id ?? "";

        private void CheckReachable(GuideLibrary library)
        {
            // Within a guide: every step from the guide's start, by the guide's own buttons.
            foreach (var guide in library.Guides)
            {
                var reached = Walk(library, library.StartOf(guide), sameGuideOnly: true);
                foreach (var step in guide.Steps.Where(s => !reached.Contains(new GuidePosition(guide.Id, s.Id))))
                {
                    problems.Add($"{guide.FileName}: step '{step.Id}': no button leads here from the start of the guide");
                }
            }

            // Across guides: every guide from the main menu.
            var fromMenu = Walk(library, library.MenuStart, sameGuideOnly: false);
            foreach (var guide in library.Topics.Where(g => !fromMenu.Contains(library.StartOf(g))))
            {
                problems.Add($"{guide.FileName}: guide '{guide.Id}' cannot be reached from the main menu");
            }
        }

        /// <summary>
        /// A guide can ask to be one tap away wherever its subject comes up: every step of another guide whose text
        /// mentions one of its <c>linked_from_steps_mentioning</c> words needs a button to it (a step that mentions
        /// the OTP code links to the scam warning). The engine-made "cần chuẩn bị" step has no room for such a button,
        /// so its prepare list must not mention the word.
        /// </summary>
        private void CheckRequiredLinks(GuideLibrary library)
        {
            foreach (var (_, dto) in files)
            {
                var words = (dto.LinkedFromStepsMentioning ?? []).Select(w => (Word: Tidy(w), Tokens: GuideRouter.Tokens(w))).ToList();
                if (words.Count == 0)
                {
                    continue;
                }

                foreach (var guide in library.Guides.Where(g => g.Id != dto.Id))
                {
                    foreach (var step in guide.Steps)
                    {
                        var text = GuideRouter.Tokens(step.Text);
                        if (words.FirstOrDefault(w => ContainsTokens(text, w.Tokens)).Word is not { } word
                            || step.Buttons.Any(b => b.Target is GuideTarget.ToStep s && s.GuideId == dto.Id))
                        {
                            continue;
                        }

                        problems.Add(step.Id == GuideLibrary.IntroStepId
                            ? $"{guide.FileName}: prepare mentions '{word}', and the 'cần chuẩn bị' step has no room for the button to guide '{dto.Id}' that this needs; say it without '{word}'"
                            : $"{guide.FileName}: step '{step.Id}': mentions '{word}', so it needs a button to guide '{dto.Id}'");
                    }
                }
            }
        }

        private static bool ContainsTokens(string[] text, string[] phrase)
        {
            for (var i = 0; i + phrase.Length <= text.Length; i++)
            {
                if (text.AsSpan(i, phrase.Length).SequenceEqual(phrase))
                {
                    return true;
                }
            }

            return false;
        }

        private static HashSet<GuidePosition> Walk(GuideLibrary library, GuidePosition start, bool sameGuideOnly)
        {
            var reached = new HashSet<GuidePosition> { start };
            var queue = new Queue<GuidePosition>([start]);
            while (queue.TryDequeue(out var position))
            {
                foreach (var button in library.Find(position)?.Buttons ?? [])
                {
                    var next = button.Target switch
                    {
                        GuideTarget.ToStep s => new GuidePosition(s.GuideId, s.StepId),
                        GuideTarget.ToMenu => library.MenuStart,
                        _ => null,
                    };
                    if (next is not null && (!sameGuideOnly || next.GuideId == start.GuideId) && reached.Add(next))
                    {
                        queue.Enqueue(next);
                    }
                }
            }

            return reached;
        }

        private void CheckLengths(GuideLibrary library)
        {
            foreach (var guide in library.Guides)
            {
                foreach (var step in guide.Steps)
                {
                    Measure(guide.FileName, step.Id, GuideTexts.Render(guide, step));
                }
            }

            Measure(library.Menu.FileName, library.Menu.Start.Id, GuideTexts.Welcome(library.Menu), "the welcome with the main menu");
        }

        private void Measure(string file, string stepId, string text, string what = "text")
        {
            if (text.Length > MaxMessageLength)
            {
                problems.Add($"{file}: step '{stepId}': {what} is {text.Length} characters; Zalo takes at most {MaxMessageLength}");
            }
            else if (text.Length > AimLength)
            {
                warnings.Add($"{file}: step '{stepId}': {what} is {text.Length} characters; aim for under {AimLength}");
            }
        }

        private void Require(string file, string? stepId, bool condition, string problem)
        {
            if (!condition)
            {
                problems.Add(stepId is null ? $"{file}: {problem}" : $"{file}: step '{stepId}': {problem}");
            }
        }

        private static string Tidy(string? text) => VietnameseText.Tidy(text);

        private static DateOnly? ParseDate(string? text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

        private static bool IsWebUrl(string? url, bool httpsOnly = false) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || (!httpsOnly && uri.Scheme == Uri.UriSchemeHttp));
    }
}

// The shape of a content file (YAML, snake_case keys). Unknown keys are errors, so a typo cannot pass unnoticed.
#pragma warning disable CA1812 // Created by YamlDotNet through reflection.
internal sealed class GuideFile
{
    public string? Id { get; set; }
    public string? Title { get; set; }
    public string? ShortTitle { get; set; }
    public List<string>? Keywords { get; set; }
    public List<string>? Prepare { get; set; }
    public List<SourceFile>? Sources { get; set; }
    public List<string>? LinkedFromStepsMentioning { get; set; }
    public string? Welcome { get; set; }
    public List<StepFile>? Steps { get; set; }
}

internal sealed class SourceFile
{
    public string? Url { get; set; }
    public string? Note { get; set; }
    public string? Checked { get; set; }
}

internal sealed class StepFile
{
    public string? Id { get; set; }
    public string? Text { get; set; }
    public string? Image { get; set; }
    public List<ButtonFile>? Buttons { get; set; }
}

internal sealed class ButtonFile
{
    public string? Title { get; set; }
    public string? Go { get; set; }
}
#pragma warning restore CA1812
