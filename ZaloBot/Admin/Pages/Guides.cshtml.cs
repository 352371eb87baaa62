using Microsoft.AspNetCore.Mvc;
using ZaloBot.AdminAuth;
using ZaloBot.Guides;
using ZaloBot.Teams;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Hướng dẫn: every guide as loaded by the app, with how long ago its oldest source was checked (so officials know
/// what to re-check), and step by step as a resident reads it in Zalo (the same rendered text, images and buttons),
/// with each button leading to the step it opens. Open to officers: the guides are the same for every commune and hold
/// nothing about anyone.
/// </summary>
[OpenToOfficers]
public sealed class GuidesModel(GuideLibrary library, TimeProvider clock) : ConsolePageModel
{
    /// <summary>Sources not read for longer than this are shown in red: public procedures change about this often.</summary>
    public const int StaleAfterDays = 180;

    public GuideLibrary Library => library;

    /// <summary>Days since the guide's oldest source was checked; null for a guide without sources.</summary>
    public int? DaysSinceChecked(Guide guide)
    {
        ArgumentNullException.ThrowIfNull(guide);
        return guide.Checked is { } date ? VietnamTime.Today(clock.GetUtcNow()).DayNumber - date.DayNumber : null;
    }

    public Guide? Guide { get; private set; }

    public IActionResult OnGet(string? id)
    {
        ViewData["Section"] = "guides";
        if (id is null)
        {
            return Page();
        }

        Guide = library.Find(id);
        return Guide is null ? NotFound() : Page();
    }

    /// <summary>The text the resident receives for a step (menus list their options by number).</summary>
    public string Text(Guide guide, GuideStep step) =>
        guide.IsMenu && step == guide.Start && guide.Welcome is not null ? GuideTexts.Welcome(guide) : GuideTexts.Render(guide, step);

    /// <summary>Where a button leads in the console: a step anchor on this or another guide's page, or nowhere (a person).</summary>
    public static string? Link(Guide current, GuideTarget target) => target switch
    {
        GuideTarget.ToStep s when s.GuideId == current.Id => "#step-" + s.StepId,
        GuideTarget.ToStep s => $"/admin/guides/{s.GuideId}#step-{s.StepId}",
        GuideTarget.ToMenu => "/admin/guides/" + GuideLibrary.MenuId,
        _ => null,
    };
}
