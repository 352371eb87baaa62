using ZaloBot.PastReports;
using ZaloBot.Teams;

namespace ZaloBot.Tests.PastReports;

/// <summary>How far an import says it is: the file read, then the good rows written.</summary>
public sealed class AssistImportProgressTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(7));

    private static AssistImport Import(AssistImportStatus status, long bytesRead, int rowsRead, int added, int duplicates, int refused) => new(
        1, "bao-cao-cu.csv", TableFormat.Csv, status, "Sở", null, 1000, bytesRead, rowsRead, added, duplicates, refused, null, Started, Started, null);

    [Test]
    public void A_file_read_to_the_end_with_nothing_written_yet_is_not_shown_as_nearly_done()
    {
        Assert.That(Import(AssistImportStatus.Running, 1000, 10_000, 0, 0, 0).Percent, Is.EqualTo(15));
    }

    [Test]
    public void Reading_half_the_file_is_half_of_the_reading_share()
    {
        Assert.That(Import(AssistImportStatus.Running, 500, 5_000, 0, 0, 0).Percent, Is.EqualTo(7));
    }

    [Test]
    public void Writing_half_of_the_good_rows_counts_half_of_the_writing_share()
    {
        // 10,000 rows read, 2,000 refused: 8,000 to write, 4,000 of them written or found already there.
        Assert.That(Import(AssistImportStatus.Running, 1000, 10_000, 3_000, 1_000, 2_000).Percent, Is.EqualTo(15 + 85 / 2));
    }

    [Test]
    public void A_finished_import_is_at_one_hundred_even_when_every_row_was_refused()
    {
        Assert.That(Import(AssistImportStatus.Done, 1000, 10, 0, 0, 10).Percent, Is.EqualTo(100));
    }

    [Test]
    public void The_rate_counts_rows_done_not_rows_only_read()
    {
        var import = Import(AssistImportStatus.Running, 1000, 10_000, 300, 100, 100);
        Assert.That(import.RowsPerSecond(Started.AddSeconds(10)), Is.EqualTo(50));
    }
}
