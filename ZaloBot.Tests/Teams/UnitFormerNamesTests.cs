using ZaloBot.Storage;
using ZaloBot.Teams;
using ZaloBot.Tests.Support;

namespace ZaloBot.Tests.Teams;

/// <summary>The optional former_names column of the units CSV, and the names stored from it.</summary>
public sealed class UnitFormerNamesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    private const string Header = "code,level,name,parent_code,former_names\n44,province,Tỉnh Quảng Trị,,\n";

    private Db _db = null!;

    [SetUp]
    public async Task Migrate() => _db = await MigratedDb.CreateAsync();

    [Test]
    public async Task Former_names_are_stored_tidied_in_their_order_and_each_once()
    {
        var result = await ImportAsync(Header + "19429,commune,Xã Khe Sanh,44,\"Thị trấn  Khe Sanh; Xã Húc;xã húc ;; Xã Hướng Tân\"\n");

        Assert.That(result.HasErrors, Is.False);
        Assert.That(await FormerNamesAsync("19429"), Is.EqualTo(new[] { "Thị trấn Khe Sanh", "Xã Húc", "Xã Hướng Tân" }));
    }

    [Test]
    public async Task A_change_to_the_former_names_alone_is_an_update_and_an_empty_cell_clears_them()
    {
        await ImportAsync(Header + "19429,commune,Xã Khe Sanh,44,Xã Húc\n");

        var changed = await ImportAsync(Header + "19429,commune,Xã Khe Sanh,44,Xã Húc; Xã Hướng Tân\n");
        var cleared = await ImportAsync(Header + "19429,commune,Xã Khe Sanh,44,\n");

        Assert.That((changed.Added, changed.Updated, changed.Unchanged), Is.EqualTo((0, 1, 1)));
        Assert.That((cleared.Added, cleared.Updated, cleared.Unchanged), Is.EqualTo((0, 1, 1)));
        Assert.That(await FormerNamesAsync("19429"), Is.Empty);
    }

    [Test]
    public async Task A_file_without_the_column_leaves_the_former_names_as_they_are()
    {
        await ImportAsync(Header + "19429,commune,Xã Khe Sanh,44,Xã Húc; Xã Hướng Tân\n");

        var renamed = await ImportAsync("ma,cap,ten,ma_cha\n19429,xã,Xã Khe Sanh mới,44\n");

        Assert.That((renamed.Updated, renamed.HasErrors), Is.EqualTo((1, false)));
        Assert.That(await FormerNamesAsync("19429"), Is.EqualTo(new[] { "Xã Húc", "Xã Hướng Tân" }));
    }

    [Test]
    public async Task The_Vietnamese_header_ten_cu_is_the_same_column()
    {
        await ImportAsync("ma,cap,ten,ma_cha,ten_cu\n44,tỉnh,Tỉnh Quảng Trị,,\n19432,xã,Xã Lao Bảo,44,Thị trấn Lao Bảo\n");

        Assert.That(await FormerNamesAsync("19432"), Is.EqualTo(new[] { "Thị trấn Lao Bảo" }));
    }

    [Test]
    public async Task A_row_with_too_many_former_names_is_refused_with_the_reason_and_the_others_are_imported()
    {
        var many = string.Join("; ", Enumerable.Range(1, UnitImporter.MaxFormerNames + 1).Select(i => $"Xã Số {i}"));

        var result = await ImportAsync(Header + $"19429,commune,Xã Khe Sanh,44,{many}\n19432,commune,Xã Lao Bảo,44,Thị trấn Lao Bảo\n");

        Assert.That(result.Errors.Select(e => (e.Line, e.Code, e.Message)), Is.EqualTo(new[]
        {
            (3, (string?)"19429", "Cột former_names có 21 tên cũ; tối đa 20, cách nhau bằng dấu chấm phẩy."),
        }));
        Assert.That(result.Added, Is.EqualTo(2), "the province and Lao Bảo");
    }

    private async Task<UnitImportResult> ImportAsync(string csv)
    {
        await using var connection = await _db.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        var result = await UnitImporter.ImportCsvAsync(connection, transaction, csv, Now);
        await transaction.CommitAsync();
        return result;
    }

    private async Task<IReadOnlyList<string>> FormerNamesAsync(string code)
    {
        await using var connection = await _db.OpenAsync();
        var unit = (await UnitStore.FindByCodeAsync(connection, null, code))!;
        return await UnitStore.FormerNamesAsync(connection, null, unit.Id);
    }
}
