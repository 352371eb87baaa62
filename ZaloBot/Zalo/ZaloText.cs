using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ZaloBot.Zalo;

/// <summary>Pure text helpers for Zalo's limits and syntax: 2000 characters per message, no buttons in groups, mentions.</summary>
public static partial class ZaloText
{
    /// <summary>Zalo's limit for <c>message.text</c> and captions (zalo-oa-api.md §2.1).</summary>
    public const int MaxLength = 2000;

    private const string SentenceEnds = ".!?…";
    private const string Ellipsis = "…";

    /// <summary>
    /// Splits <paramref name="text"/> into pieces of at most <paramref name="max"/> characters. Each cut falls at
    /// the last line break, else the last sentence end, else the last space of the window, so no word is cut;
    /// only a single "word" longer than <paramref name="max"/> (a long URL) is cut hard. Whitespace at a cut is
    /// dropped. A text that already fits is returned unchanged.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, int max = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 2);
        if (text.Length <= max)
        {
            return [text];
        }

        var pieces = new List<string>();
        var start = SkipWhitespace(text, 0);
        while (text.Length - start > max)
        {
            var cut = FindCut(text, start, max);
            var piece = text[start..cut].TrimEnd();
            if (piece.Length > 0)
            {
                pieces.Add(piece);
            }

            start = SkipWhitespace(text, cut);
        }

        var last = text[start..].TrimEnd();
        if (last.Length > 0)
        {
            pieces.Add(last);
        }

        return pieces;
    }

    /// <summary>
    /// Splits a message whose text is too long into at most <paramref name="maxParts"/> messages: every piece but the
    /// last is plain text, and the last piece keeps the buttons, image or template. A text that would need more
    /// pieces is cut at the end of the last one, which then ends with "…" (<paramref name="cut"/> says so). A message
    /// that fits is returned as it is.
    /// </summary>
    public static IReadOnlyList<OutgoingMessage> SplitMessage(OutgoingMessage message, int maxParts, out bool cut, int max = MaxLength)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParts, 1);
        cut = false;
        if (message.Text is not { } text || text.Length <= max)
        {
            return [message];
        }

        var pieces = Split(text, max).ToList();
        if (pieces.Count > maxParts)
        {
            cut = true;
            pieces.RemoveRange(maxParts, pieces.Count - maxParts);
            var last = pieces[^1];
            pieces[^1] = (last.Length < max ? last : last[..CutBefore(last, max - 1)]).TrimEnd() + Ellipsis;
        }

        var messages = new List<OutgoingMessage>(pieces.Count);
        for (var i = 0; i < pieces.Count - 1; i++)
        {
            messages.Add(OutgoingMessage.FromText(pieces[i]));
        }

        messages.Add(message with { Text = pieces[^1] });
        return messages;
    }

    /// <summary>
    /// The message without buttons, each button a numbered line under the text ("1. Tiêu đề nút"), for groups, which
    /// take no buttons, and for a button message Zalo refused. A link or phone button shows its target, since nothing
    /// can be tapped. Buttons the text already numbers (<see cref="OutgoingMessage.ButtonsNumberedInText"/>) are not
    /// listed again; the others continue its list. A message without buttons is returned as it is.
    /// </summary>
    public static OutgoingMessage WithNumberedButtons(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Buttons.Count == 0)
        {
            return message;
        }

        var listed = Math.Clamp(message.ButtonsNumberedInText, 0, message.Buttons.Count);
        var lines = new StringBuilder();
        for (var i = listed; i < message.Buttons.Count; i++)
        {
            if (i > listed)
            {
                lines.Append('\n');
            }

            lines.Append(CultureInfo.InvariantCulture, $"{i + 1}. {Label(message.Buttons[i])}");
        }

        var text = (string.IsNullOrWhiteSpace(message.Text), lines.Length) switch
        {
            (_, 0) => message.Text,
            (true, _) => lines.ToString(),
            // A list the text starts goes on line by line; otherwise the lines stand apart from the text.
            _ => message.Text!.TrimEnd() + (listed > 0 ? "\n" : "\n\n") + lines,
        };
        return message with { Text = text, Buttons = [], ButtonsNumberedInText = 0 };
    }

    /// <summary>Removes Zalo mentions (<c>[@123456]</c>) from what a person wrote, so features read plain text.</summary>
    public static string StripMentions(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : MentionPattern().Replace(text, " ");

    /// <summary>How a group message names a member so Zalo shows it as a mention.</summary>
    public static string Mention(string userId) => $"[@{userId}]";

    private static string Label(ZaloButton button) => button.ButtonType switch
    {
        ZaloButtonTypes.OpenUrl or ZaloButtonTypes.OpenPhone or ZaloButtonTypes.OpenSms => $"{button.Title}: {button.Payload}",
        _ => button.Title,
    };

    /// <summary>The end (exclusive) of the next piece that starts at <paramref name="start"/>.</summary>
    private static int FindCut(string text, int start, int max)
    {
        var end = start + max;
        // Cuts at line breaks and sentence ends only count in the second half of the window, so one early
        // newline does not produce a tiny message; a space anywhere still beats cutting a word.
        var floor = start + (max / 2);

        // text[end] is the first character that does not fit; a break there ends the window cleanly.
        for (var i = end; i > floor; i--)
        {
            if (text[i] == '\n')
            {
                return i;
            }
        }

        for (var i = end - 1; i > floor; i--)
        {
            if (SentenceEnds.Contains(text[i], StringComparison.Ordinal) && char.IsWhiteSpace(text[i + 1]))
            {
                return i + 1;
            }
        }

        for (var i = end; i > start; i--)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        // One word longer than the limit: cut it hard.
        return start + CutBefore(text.AsSpan(start), max);
    }

    /// <summary>
    /// Where to cut <paramref name="text"/> to keep at most <paramref name="length"/> characters: there, or a little
    /// earlier, but never between a surrogate pair or before a combining mark.
    /// </summary>
    private static int CutBefore(ReadOnlySpan<char> text, int length)
    {
        var cut = length;
        while (cut > 1 && (char.IsLowSurrogate(text[cut]) || CharUnicodeInfo.GetUnicodeCategory(text[cut]) == UnicodeCategory.NonSpacingMark))
        {
            cut--;
        }

        return cut;
    }

    private static int SkipWhitespace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    [GeneratedRegex(@"\[@[^\[\]\s]{0,64}\]", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();
}
