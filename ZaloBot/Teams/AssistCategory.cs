namespace ZaloBot.Teams;

/// <summary>
/// What a team helped a household with, in the groups officials count (domain.md §1.4). One report may have
/// several. The names are stored as text, so renaming a member is a migration.
/// </summary>
public enum AssistCategory
{
    /// <summary>VNeID installed, activated, or raised to level 2.</summary>
    ElectronicId,

    /// <summary>Online public services: dossiers on the public-service portal.</summary>
    OnlinePublicServices,

    /// <summary>E-commerce: shops on Postmart, Voso, Shopee, TikTok; photos, orders, packing.</summary>
    ECommerce,

    /// <summary>E-payment: Mobile Money, e-wallets, bank or payment accounts.</summary>
    EPayment,

    /// <summary>Health: BHYT in VNeID, the electronic health book, booking a visit; social insurance (VssID, pensions).</summary>
    Health,

    /// <summary>Education: school fees paid online, school apps.</summary>
    Education,

    /// <summary>Digital skills: Bình dân học vụ số courses, using a smartphone.</summary>
    DigitalSkills,

    /// <summary>Anything the detector did not recognise.</summary>
    Other,
}

public static class AssistCategoryNames
{
    /// <summary>The Vietnamese name shown to teams and officials.</summary>
    public static string DisplayName(this AssistCategory category) => category switch
    {
        AssistCategory.ElectronicId => "VNeID/định danh mức 2",
        AssistCategory.OnlinePublicServices => "Dịch vụ công trực tuyến",
        AssistCategory.ECommerce => "Thương mại điện tử",
        AssistCategory.EPayment => "Thanh toán điện tử",
        AssistCategory.Health => "Y tế",
        AssistCategory.Education => "Giáo dục",
        AssistCategory.DigitalSkills => "Kỹ năng số",
        AssistCategory.Other => "Khác",
        _ => throw new ArgumentOutOfRangeException(nameof(category), category, null),
    };
}
