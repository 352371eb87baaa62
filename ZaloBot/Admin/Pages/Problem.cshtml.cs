using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using ZaloBot.AdminAuth;
using ZaloBot.Storage;
using ZaloBot.Text;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// What the console shows when it cannot show the page asked for (see <see cref="ConsoleProblems"/>). Open to anyone,
/// since a visitor who is not signed in may land here too; it names a unit code only to a signed-in official, and only
/// to say that no unit of theirs has it.
/// </summary>
[AllowAnonymous]
// A refused form post is re-executed here as a POST, with the token the failed page already consumed; this page only
// describes the problem and changes nothing, so there is nothing for a forged post to do.
[IgnoreAntiforgeryToken]
public sealed class ProblemModel(Db db) : PageModel
{
    /// <summary>Where a missing thing's section lists its kind, for the way back.</summary>
    private static readonly Dictionary<string, ConsoleLink> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        ["teams"] = new("/admin/units", "Về trang Đơn vị & tổ"),
        ["units"] = new("/admin/units", "Về trang Đơn vị & tổ"),
        ["help-requests"] = new("/admin/help-requests", "Về trang Yêu cầu hỗ trợ"),
        ["households"] = new("/admin/households", "Về trang Hộ đã hỗ trợ"),
        ["broadcasts"] = new("/admin/broadcasts", "Về trang Thông báo"),
        ["imports"] = new("/admin/imports", "Về trang Nhập báo cáo cũ"),
        ["guides"] = new("/admin/guides", "Về trang Hướng dẫn"),
    };

    public string Heading { get; private set; } = "";

    public string Message { get; private set; } = "";

    public ConsoleLink Back { get; private set; } = Home;

    public bool SignedIn { get; private set; }

    private static ConsoleLink Home { get; } = new("/admin", "Về trang Tổng quan");

    public Task OnGetAsync(int status) => DescribeAsync(status);

    public Task OnPostAsync(int status) => DescribeAsync(status);

    private async Task DescribeAsync(int status)
    {
        status = status is >= 400 and <= 599 ? status : StatusCodes.Status404NotFound;
        Response.StatusCode = status;
        SignedIn = User.Identity?.IsAuthenticated == true && User.FindFirst(Officer.KeyClaim) is not null;
        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var path = original?.OriginalPath ?? "";
        var query = QueryHelpers.ParseQuery(original?.OriginalQueryString);
        Back = ConsoleProblems.Back(HttpContext) ?? SectionOf(path) ?? Home;
        if (!SignedIn)
        {
            Back = new ConsoleLink(ConsoleSignIn.SignInPath, "Đăng nhập");
        }

        (Heading, Message) = status switch
        {
            StatusCodes.Status404NotFound => ("Không tìm thấy trang này",
                "Đường dẫn có thể đã cũ hoặc gõ nhầm, hoặc tổ, yêu cầu, thông báo này không có trong các đơn vị bạn được giao."),
            >= 500 => ("Hệ thống đang gặp lỗi", "Việc này chưa làm được. Bạn thử lại sau ít phút; nếu vẫn lỗi, báo quản trị viên cấp tỉnh."),
            _ => ("Không làm được việc này", "Yêu cầu này không hợp lệ. Bạn quay lại trang trước và thử lại."),
        };
        Message = ConsoleProblems.Message(HttpContext) ?? Message;

        if (SignedIn && status == StatusCodes.Status404NotFound && query.TryGetValue("unit", out var unit)
            && UnitCode.Normalize(unit.ToString()) is { } code && !await HoldsUnitAsync(code))
        {
            Heading = "Không có đơn vị này";
            Message = $"Không có đơn vị mã {code} trong các đơn vị bạn được giao. Bạn chọn lại đơn vị trong danh sách.";
            var others = query.Where(q => q.Key != "unit" && q.Key != "page").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()));
            Back = new ConsoleLink(path + QueryString.Create(others).ToUriComponent(), "Xem tất cả đơn vị của tôi");
        }
    }

    private async Task<bool> HoldsUnitAsync(string code)
    {
        await using var connection = await db.OpenAsync(HttpContext.RequestAborted);
        return await OfficerScope.UnitExistsAsync(connection, code) && await HttpContext.Officer().Scope.HoldsUnitCodeAsync(connection, code);
    }

    private static ConsoleLink? SectionOf(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries) is [_, var section, ..] && Sections.TryGetValue(section, out var link) ? link : null;
}
