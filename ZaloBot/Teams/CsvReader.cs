using System.Text;

namespace ZaloBot.Teams;

/// <summary>One CSV record and the line it starts on (1-based), as people see it in a spreadsheet or editor.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

/// <summary>
/// A small RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks inside; CRLF or LF; a
/// UTF-8 byte-order mark. The separator is the first of ',', ';' or tab found outside quotes on the first
/// record, since spreadsheets in Vietnamese locales often save with ';'. Blank lines and lines whose first
/// character is '#' (comments, used to label sample files) are skipped.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadIterator(text.TrimStart('\uFEFF'));
    }

    private static IEnumerable<CsvRecord> ReadIterator(string text)
    {
        char? separator = null;
        var line = 1;
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] is '\r' or '\n')
            {
                position = SkipLineBreak(text, position);
                line++;
                continue;
            }

            if (text[position] == '#')
            {
                while (position < text.Length && text[position] is not ('\r' or '\n'))
                {
                    position++;
                }

                continue;
            }

            separator ??= DetectSeparator(text, position);
            var start = line;
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            var endOfRecord = false;
            while (position < text.Length && !endOfRecord)
            {
                var c = text[position];
                if (quoted)
                {
                    if (c == '"' && position + 1 < text.Length && text[position + 1] == '"')
                    {
                        field.Append('"');
                        position += 2;
                        continue;
                    }

                    if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        if (c == '\n')
                        {
                            line++;
                        }

                        field.Append(c);
                    }

                    position++;
                }
                else if (c == '"' && field.ToString().Trim().Length == 0)
                {
                    field.Clear();
                    quoted = true;
                    position++;
                }
                else if (c == separator)
                {
                    fields.Add(field.ToString());
                    field.Clear();
                    position++;
                }
                else if (c is '\r' or '\n')
                {
                    position = SkipLineBreak(text, position);
                    line++;
                    endOfRecord = true;
                }
                else
                {
                    field.Append(c);
                    position++;
                }
            }

            fields.Add(field.ToString());
            if (fields.Exists(f => f.Trim().Length > 0))
            {
                yield return new CsvRecord(start, fields);
            }
        }
    }

    private static int SkipLineBreak(string text, int position) =>
        text[position] == '\r' && position + 1 < text.Length && text[position + 1] == '\n' ? position + 2 : position + 1;

    private static char DetectSeparator(string text, int position)
    {
        var quoted = false;
        for (var i = position; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is ',' or ';' or '\t')
            {
                return c;
            }
            else if (!quoted && c is '\r' or '\n')
            {
                break;
            }
        }

        return ',';
    }
}
