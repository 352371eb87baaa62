using System.Globalization;
using CsvHelper;
using MiniExcelLibs;
using ZaloBot.Text;

namespace ZaloBot.Teams;

/// <summary>One record of a table file and the line (CSV) or row (sheet) it starts on, 1-based, as people see it.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

public enum TableFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// Reads the tables officials upload, one record at a time, so a large file is never held whole in memory. CSV goes
/// through CsvHelper: RFC 4180 quoting, UTF-8 with or without a byte-order mark, the separator found among ',', ';'
/// and tab (spreadsheets in Vietnamese locales save with ';'), lines starting with '#' skipped as comments, and each
/// record's first line counted as an editor counts it. A workbook's first sheet goes through MiniExcel; dates stay
/// dates (yyyy-MM-dd), numbers are written as they read. The header is the first record. Records whose fields are all
/// blank are skipped.
/// </summary>
public static class TableFile
{
    private static readonly CsvReaderOptions Options = new() { CommentPrefix = '#', TrackLineNumbers = true, HasHeader = false };

    public static IEnumerable<CsvRecord> ReadCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Records(CsvHelper.CsvReader.FromText(text, Options));
    }

    /// <summary>Reads a file as it streams in; for a workbook, <paramref name="stream"/> must be seekable (a zip).</summary>
    public static IEnumerable<CsvRecord> Read(Stream stream, TableFormat format)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return format == TableFormat.Csv ? Records(CsvHelper.CsvReader.Create(stream, Options, true)) : Sheet(stream);
    }

    /// <summary>
    /// Where each known column is in a header, by its canonical name: a header cell is matched folded (no case,
    /// diacritics, spaces or '_'), through <paramref name="aliases"/>; the first of two equal columns wins.
    /// </summary>
    public static Dictionary<string, int> Columns(CsvRecord header, IReadOnlyDictionary<string, string> aliases)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(aliases);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            if (aliases.TryGetValue(VietnameseText.FoldCompact(header.Fields[i]).Replace("_", "", StringComparison.Ordinal), out var column))
            {
                columns.TryAdd(column, i);
            }
        }

        return columns;
    }

    private static IEnumerable<CsvRecord> Records(CsvHelper.CsvReader reader)
    {
        using (reader)
        {
            while (reader.Read())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = reader.GetString(i);
                }

                if (Array.Exists(fields, f => !string.IsNullOrWhiteSpace(f)))
                {
                    yield return new CsvRecord((int)reader.LineNumber, fields);
                }
            }
        }
    }

    private static IEnumerable<CsvRecord> Sheet(Stream stream)
    {
        var row = 0;
        foreach (IDictionary<string, object?> cells in MiniExcel.Query(stream, useHeaderRow: false, excelType: ExcelType.XLSX))
        {
            row++;
            var fields = cells.Values.Select(Text).ToArray();
            if (Array.Exists(fields, f => !string.IsNullOrWhiteSpace(f)))
            {
                yield return new CsvRecord(row, fields);
            }
        }
    }

    private static string Text(object? cell) => cell switch
    {
        null => "",
        DateTime date => date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
