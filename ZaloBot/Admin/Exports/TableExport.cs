using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace ZaloBot.Admin.Exports;

public enum ExportFormat
{
    Xlsx,
    Csv,
}

/// <summary>A column of an export: its Vietnamese header, how to read a row, and for dates the Excel format.</summary>
public sealed record ExportColumn<T>(string Header, Func<T, object?> Value, double Width = 18, bool IsDate = false);

/// <summary>A sheet of an export: a name (≤ 31 characters for Excel), columns, and rows read lazily.</summary>
public sealed record ExportSheet<T>(string Name, IReadOnlyList<ExportColumn<T>> Columns, IEnumerable<T> Rows);

/// <summary>
/// Writes tables straight to the response as they are read: .xlsx through MiniExcel, or CSV as UTF-8 with a BOM
/// (so Excel opens Vietnamese correctly) and ISO dates. Rows come from unbuffered queries, so a large export
/// never sits in memory.
/// </summary>
public static class TableExport
{
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvContentType = "text/csv; charset=utf-8";
    private const string DateFormat = "dd/MM/yyyy";

    public static ExportFormat? ParseFormat(string? text) => text?.ToUpperInvariant() switch
    {
        "XLSX" => ExportFormat.Xlsx,
        "CSV" => ExportFormat.Csv,
        _ => null,
    };

    /// <summary>
    /// Sends one table (CSV, or the first sheet of the workbook) and, in the workbook, an information sheet saying
    /// what the file holds and when it was made.
    /// </summary>
    public static async Task WriteAsync<T>(
        HttpContext context, ExportFormat format, string fileName, ExportSheet<T> sheet, IReadOnlyList<(string Label, string Value)> about,
        ExportSheet<T>? second = null)
    {
        Start(context, format, fileName);
        await WriteAsync(context.Response.Body, format, sheet, about, second, context.RequestAborted);
    }

    /// <summary>Makes the response a download of this name (without its extension) and format, before its body is written.</summary>
    public static void Start(HttpContext context, ExportFormat format, string fileName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.Response;
        response.ContentType = ContentType(format);
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}{Extension(format)}\"";

        // MiniExcel writes the zip's entries with synchronous calls; allowing them for this response keeps the
        // workbook streaming to the client instead of being assembled in memory first.
        if (format == ExportFormat.Xlsx && context.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }
    }

    public static string ContentType(ExportFormat format) => format == ExportFormat.Xlsx ? XlsxContentType : CsvContentType;

    public static string Extension(ExportFormat format) => format == ExportFormat.Xlsx ? ".xlsx" : ".csv";

    /// <summary>Writes the file to <paramref name="body"/>: a response's (after <see cref="Start"/>) or a file's.</summary>
    public static async Task WriteAsync<T>(
        Stream body, ExportFormat format, ExportSheet<T> sheet, IReadOnlyList<(string Label, string Value)> about, ExportSheet<T>? second,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        ArgumentNullException.ThrowIfNull(about);
        if (format == ExportFormat.Csv)
        {
            await WriteCsvAsync(body, sheet.Columns, sheet.Rows, cancellationToken);
            return;
        }

        var sheets = new Dictionary<string, object> { [sheet.Name] = Rows(sheet) };
        if (second is not null)
        {
            sheets[second.Name] = Rows(second);
        }

        sheets["Thông tin"] = about.Select(a => new Dictionary<string, object?> { ["Mục"] = a.Label, ["Nội dung"] = a.Value });
        var columns = sheet.Columns.Select(Column).Concat(second?.Columns.Select(Column) ?? [])
            .Append(new DynamicExcelColumn("Mục") { Width = 22 }).Append(new DynamicExcelColumn("Nội dung") { Width = 60 })
            .DistinctBy(c => c.Key).ToArray();
        var configuration = new OpenXmlConfiguration { DynamicColumns = columns };
        await MiniExcel.SaveAsAsync(body, sheets, configuration: configuration, cancellationToken: cancellationToken);
    }

    private static DynamicExcelColumn Column<T>(ExportColumn<T> column) =>
        new(column.Header) { Width = column.Width, Format = column.IsDate ? DateFormat : null };

    private static IEnumerable<Dictionary<string, object?>> Rows<T>(ExportSheet<T> sheet)
    {
        foreach (var row in sheet.Rows)
        {
            var values = new Dictionary<string, object?>(sheet.Columns.Count, StringComparer.Ordinal);
            foreach (var column in sheet.Columns)
            {
                values[column.Header] = column.Value(row) switch
                {
                    DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                    var value => value,
                };
            }

            yield return values;
        }
    }

    public static async Task WriteCsvAsync<T>(Stream body, IReadOnlyList<ExportColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        await body.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', columns.Select(c => Field(c.Header))) + "\r\n");
        var count = 0;
        foreach (var row in rows)
        {
            await writer.WriteAsync(string.Join(',', columns.Select(c => Field(c.Value(row)))) + "\r\n");
            if (++count % 500 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// One CSV field: dates in ISO form (Excel reads them as dates in any locale), numbers invariant, text quoted
    /// when needed, and text that a spreadsheet would run as a formula (=, +, -, @) defused with a leading quote.
    /// </summary>
    public static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateTime dateTime => dateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
