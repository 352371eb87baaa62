using Microsoft.AspNetCore.Mvc;
using ZaloBot.Guides;

namespace ZaloBot.Admin.Pages;

/// <summary>
/// Hướng dẫn: every guide as loaded by the app, step by step as a resident reads it in Zalo (the same rendered text,
/// images and buttons), with each button leading to the step it opens. Open to officers: the guides are the same for
/// every commune and hold nothing about anyone.
/// </summary>
[OpenToOfficers]
public sealed class GuidesModel(GuideLibrary library) : ConsolePageModel
{
    public GuideLibrary Library => library;

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
