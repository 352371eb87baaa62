using Microsoft.Extensions.Options;
using ZaloBot.Messaging;

namespace ZaloBot.Guides;

/// <summary>What the engine decided for one resident message: the replies, the session after it, and maybe a handoff.</summary>
public sealed record GuideTurn(IReadOnlyList<BotMessage> Replies, GuideSession Session, HandoffRequest? Handoff);

/// <summary>
/// The guides' conversation logic, without storage or channels: a session and what the resident did in, replies and
/// the next session out. A chosen choice is obeyed as it is; typed text is read as <see cref="GuideRouter"/>
/// understood it; "Quay lại", "Menu", "Bắt đầu lại" always work; after a long silence the next message first offers
/// to continue or start over.
/// </summary>
public sealed class GuideEngine(GuideLibrary library, IOptions<GuidesOptions> options)
{
    private const int MaxHistory = 30;

    private readonly TimeSpan _resumeAfter = options.Value.ResumeAfter;

    /// <summary>A new follower (or one who follows again): the welcome and the main menu.</summary>
    public GuideTurn Follow(Conversation resident, DateTimeOffset now)
    {
        var turn = new Turn(library, resident, session: null, text: null, now);
        turn.Show(library.MenuStart, welcome: true);
        return turn.Finish();
    }

    /// <summary>A message without text (a sticker, a photo): say we read text, and offer the same choices again.</summary>
    public GuideTurn NonText(GuideSession? session, Conversation resident, DateTimeOffset now)
    {
        var turn = new Turn(library, resident, session, text: null, now);
        if (turn.Options.Count > 0)
        {
            turn.Offer(GuideTexts.TextOnly, turn.Options);
        }
        else
        {
            turn.MoveTo(library.MenuStart, GuideTexts.TextOnly);
        }

        return turn.Finish();
    }

    /// <summary>The first message after a reply of ours expired in an outage: an apology and the main menu.</summary>
    public GuideTurn AfterOutage(GuideSession? session, Conversation resident, DateTimeOffset now)
    {
        var turn = new Turn(library, resident, session, text: null, now);
        turn.MoveTo(library.MenuStart, GuideTexts.AfterOutage);
        return turn.Finish();
    }

    /// <summary>A choice the guides offered, even after a long silence: its action says exactly what to do.</summary>
    public GuideTurn Choose(GuideSession? session, Conversation resident, string action, DateTimeOffset now)
    {
        var turn = new Turn(library, resident, session, text: null, now);
        if (GuideAction.Decode(action) is { } chosen)
        {
            turn.Apply(chosen);
        }
        else
        {
            turn.MoveTo(library.MenuStart, GuideTexts.StaleButton);
        }

        return turn.Finish();
    }

    /// <summary>A tap on a choice that is not this resident's to make: never obeyed, and never read for keywords either.</summary>
    public GuideTurn StaleChoice(GuideSession? session, Conversation resident, DateTimeOffset now)
    {
        var turn = new Turn(library, resident, session, text: null, now);
        turn.MoveTo(library.MenuStart, GuideTexts.StaleButton);
        return turn.Finish();
    }

    /// <summary>Typed text, with what <see cref="GuideRouter.Understand"/> made of it.</summary>
    public GuideTurn Text(GuideSession? session, Conversation resident, string text, TextIntent intent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(intent);
        var turn = new Turn(library, resident, session, text, now);
        if (intent is TextIntent.Command { Kind: GuideCommand.Back or GuideCommand.Menu or GuideCommand.Restart or GuideCommand.Handoff } always)
        {
            turn.Apply(always.Kind switch
            {
                GuideCommand.Back => new GuideAction.Back(),
                GuideCommand.Menu => new GuideAction.Menu(),
                GuideCommand.Restart => new GuideAction.Restart(),
                _ => new GuideAction.Handoff(null),
            });
            return turn.Finish();
        }

        if (session is not null && now - session.LastSeenAt >= _resumeAfter && turn.InTopic)
        {
            turn.OfferResume(intent is TextIntent.Topic { Guides: [var wanted, ..] } && wanted.Id != turn.Position.GuideId ? wanted : null);
            return turn.Finish();
        }

        switch (intent)
        {
            case TextIntent.Number { Value: var n } when n >= 1 && n <= turn.Options.Count:
                turn.ApplyOption(turn.Options[n - 1]);
                break;
            case TextIntent.Number when turn.Options.Count > 0:
                turn.Offer(GuideTexts.NumberOutOfRange(turn.Options.Count), turn.Options);
                break;
            case TextIntent.Command { Kind: GuideCommand.Greeting }:
                turn.MoveTo(library.MenuStart, GuideTexts.Greeting);
                break;
            case TextIntent.Command { Kind: GuideCommand.Thanks }:
                turn.Offer(GuideTexts.Thanks, [Turn.Option(GuideTexts.MenuButton, new GuideAction.Menu()), Turn.Option(GuideTexts.HandoffButton, turn.HandoffHere())]);
                break;
            case var _ when turn.Options.FirstOrDefault(o => GuideRouter.MatchesTitle(text, o.Title)) is { } typedButton:
                turn.ApplyOption(typedButton);
                break;
            case TextIntent.Topic { Guides: [var only] }:
                turn.MoveTo(library.StartOf(only));
                break;
            case TextIntent.Topic { Guides: var several }:
                turn.Offer(GuideTexts.ChooseGuide,
                [
                    .. several.Take(GuideLoader.MaxButtons - 1).Select(g => Turn.Option(g.ShortTitle, new GuideAction.Go(library.StartOf(g)))),
                    Turn.Option(GuideTexts.HandoffButton, new GuideAction.Handoff(null)),
                ]);
                break;
            case TextIntent.Area { Menu: var area } when library.Find(area) is not null:
                turn.MoveTo(area);
                break;
            case TextIntent.NoGuide { Closest: var closest }:
                turn.OfferNoGuide(closest);
                break;
            default:
                turn.MoveTo(library.MenuStart, turn.InTopic ? GuideTexts.NotUnderstoodInGuide : GuideTexts.NotUnderstood);
                break;
        }

        return turn.Finish();
    }

    /// <summary>One resident message being answered: the session as it changes, and the replies so far.</summary>
    private sealed class Turn
    {
        private readonly GuideLibrary _library;
        private readonly Conversation _resident;
        private readonly string? _text;
        private readonly DateTimeOffset _now;
        private readonly List<GuidePosition> _history;
        private readonly List<BotMessage> _replies = [];
        private HandoffRequest? _handoff;

        public Turn(GuideLibrary library, Conversation resident, GuideSession? session, string? text, DateTimeOffset now)
        {
            _library = library;
            _resident = resident;
            _text = text;
            _now = now;
            // Content may have changed since the session was saved: a position that no longer exists is the menu.
            Position = session is not null && library.Find(session.Position) is not null ? session.Position : library.MenuStart;
            _history = session?.History.ToList() ?? [];
            Options = session?.Options ?? [];
        }

        public GuidePosition Position { get; private set; }

        public IReadOnlyList<Choice> Options { get; private set; }

        /// <summary>True inside a guide (not the menu): there is something to continue or go back to.</summary>
        public bool InTopic => Position.GuideId != GuideLibrary.MenuId;

        public void Apply(GuideAction action)
        {
            switch (action)
            {
                case GuideAction.Go { To: var to } when _library.Find(to) is not null:
                    MoveTo(to);
                    break;
                case GuideAction.Go:
                    MoveTo(_library.MenuStart, GuideTexts.StaleButton);
                    break;
                case GuideAction.Menu:
                    MoveTo(_library.MenuStart);
                    break;
                case GuideAction.Back:
                    Back();
                    break;
                case GuideAction.Restart:
                    MoveTo(InTopic ? _library.StartOf(_library.Find(Position.GuideId)!) : _library.MenuStart);
                    break;
                case GuideAction.ShowCurrent:
                    Show(Position);
                    break;
                case GuideAction.Handoff { Topic: var topic }:
                    StartHandoff(topic);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown guide action {action}");
            }
        }

        public void ApplyOption(Choice option)
        {
            if (GuideAction.Decode(option.Action) is { } action)
            {
                Apply(action);
            }
            else
            {
                MoveTo(_library.MenuStart, GuideTexts.StaleButton);
            }
        }

        /// <summary>Opens a step, remembering the current one for "Quay lại".</summary>
        public void MoveTo(GuidePosition to, string? prefix = null)
        {
            if (to != Position)
            {
                _history.Add(Position);
                if (_history.Count > MaxHistory)
                {
                    _history.RemoveAt(0);
                }
            }

            Show(to, prefix);
        }

        public void Show(GuidePosition position, string? prefix = null, bool welcome = false)
        {
            var guide = _library.Find(position.GuideId)!;
            var step = guide.FindStep(position.StepId)!;
            Position = position;
            if (step.ImageUrl is { } image)
            {
                _replies.Add(BotMessage.Image(image));
            }

            var text = welcome ? GuideTexts.Welcome(guide) : GuideTexts.Render(guide, step);
            if (prefix is not null)
            {
                text = prefix + "\n\n" + text;
            }

            var options = step.Buttons.Select(b => Option(b.Title, b.Target switch
            {
                GuideTarget.ToStep s => new GuideAction.Go(new GuidePosition(s.GuideId, s.StepId)),
                GuideTarget.ToMenu => new GuideAction.Menu(),
                _ => HandoffHere(),
            })).ToList();
            // A menu's text lists its options by number (see GuideTexts.Render).
            Send(text, options, numberedInText: guide.IsMenu ? options.Count : 0);
        }

        public void Offer(string text, IReadOnlyList<Choice> options) => Send(text, options);

        public void OfferResume(Guide? wanted)
        {
            var current = _library.Find(Position.GuideId)!;
            List<Choice> options =
            [
                Option(GuideTexts.ContinueButton, new GuideAction.ShowCurrent()),
                Option(GuideTexts.RestartButton, new GuideAction.Restart()),
            ];
            if (wanted is not null)
            {
                options.Add(Option(wanted.ShortTitle, new GuideAction.Go(_library.StartOf(wanted))));
            }

            options.Add(Option(GuideTexts.MenuButton, new GuideAction.Menu()));
            Send(GuideTexts.ResumeOffer(current.Title), options);
        }

        /// <summary>
        /// The honest answer to a question no guide covers: the closest guides, or else what the guides cover (the
        /// menu's areas), and the team; inside a guide, also the way back to the step the resident was on.
        /// </summary>
        public void OfferNoGuide(IReadOnlyList<Guide> closest)
        {
            var handoff = Option(GuideTexts.HandoffButton, HandoffHere());
            var back = InTopic ? Option(GuideTexts.BackToGuideButton, new GuideAction.ShowCurrent()) : Option(GuideTexts.MenuButton, new GuideAction.Menu());
            if (closest.Count > 0)
            {
                var shown = closest.Take(GuideLoader.MaxButtons - 2).ToList();
                Offer(GuideTexts.NoGuideClosest(shown.Select(g => g.ShortTitle).ToList()),
                    [.. shown.Select(g => Option(g.ShortTitle, new GuideAction.Go(_library.StartOf(g)))), handoff, back]);
                return;
            }

            var areas = _library.Menu.Start.Buttons
                .Select(b => (b.Title, To: b.Target as GuideTarget.ToStep))
                .Where(b => b.To is { GuideId: GuideLibrary.MenuId })
                .ToList();
            Offer(GuideTexts.NoGuideAreas(areas.Select(a => a.Title).ToList()), InTopic
                ? [handoff, back, Option(GuideTexts.MenuButton, new GuideAction.Menu())]
                : [.. areas.Take(GuideLoader.MaxButtons - 1).Select(a => Option(a.Title, new GuideAction.Go(new GuidePosition(a.To!.GuideId, a.To.StepId)))), handoff]);
        }

        public static Choice Option(string title, GuideAction action) => new(title, action.Encode());

        /// <summary>A handoff about the step the resident is on, if they are inside a guide.</summary>
        public GuideAction.Handoff HandoffHere() => new(InTopic ? Position : null);

        public GuideTurn Finish() =>
            new(_replies, new GuideSession(_resident, Position, _history, Options, _now), _handoff);

        private void Back()
        {
            while (_history.Count > 0)
            {
                var previous = _history[^1];
                _history.RemoveAt(_history.Count - 1);
                if (_library.Find(previous) is not null && previous != Position)
                {
                    Show(previous);
                    return;
                }
            }

            Show(_library.MenuStart, Position == _library.MenuStart ? GuideTexts.AtTheBeginning : null);
        }

        private void StartHandoff(GuidePosition? topic)
        {
            topic ??= InTopic ? Position : null;
            var guide = topic is null ? null : _library.Find(topic.GuideId);
            List<Choice> back = [];
            if (InTopic)
            {
                back.Add(Option(GuideTexts.BackToGuideButton, new GuideAction.ShowCurrent()));
            }

            back.Add(Option(GuideTexts.MenuButton, new GuideAction.Menu()));
            Options = back;
            _handoff = new HandoffRequest(
                guide is { IsMenu: false } ? guide.Id : null,
                guide is { IsMenu: false } ? guide.Title : null,
                guide is { IsMenu: false } ? topic!.StepId : null,
                _text,
                back);
        }

        private void Send(string text, IReadOnlyList<Choice> options, int numberedInText = 0)
        {
            Options = options;
            _replies.Add(BotMessage.WithChoices(text, options) with { ChoicesNumberedInText = numberedInText });
        }
    }
}
