using System.Data;
using System.Text.Json;
using Dapper;
using ZaloBot.Zalo;

namespace ZaloBot.Handoff;

/// <summary>The question the bot asked a resident last, while they ask for a person.</summary>
public enum HandoffStep
{
    /// <summary>"Which village?" — typed.</summary>
    Village,

    /// <summary>One village to confirm, or a few to choose from.</summary>
    ChooseVillage,

    /// <summary>"Which commune?" — after "I don't know my village".</summary>
    Commune,

    ChooseCommune,

    /// <summary>"What do you need?" — when they did not come from a guide.</summary>
    Need,

    /// <summary>The request for name and phone is out; waiting for the share, "Bỏ qua" or a typed phone.</summary>
    Contact,

    /// <summary>The summary is shown; waiting for «Gửi yêu cầu».</summary>
    Confirm,

    /// <summary>A request is open; the next text is a message for the team.</summary>
    AddNote,

    /// <summary>"Hủy yêu cầu?" was asked; waiting for yes or no.</summary>
    ConfirmCancel,
}

/// <summary>One of the last buttons: its title (a resident may type it) and its action.</summary>
public sealed record HandoffOption(string Title, string Action);

/// <summary>
/// A resident in the middle of asking for a person. <see cref="Topic"/> is the guide's title or what they typed;
/// <see cref="Prompt"/> is the last question; <see cref="ReturnButtons"/> are the guides' signed buttons back to where they were.
/// </summary>
public sealed record HandoffConversation(
    string UserId,
    HandoffStep Step,
    string? GuideId,
    string? Topic,
    long? VillageUnitId,
    long? CommuneUnitId,
    long? RequestId,
    string Prompt,
    IReadOnlyList<HandoffOption> Options,
    IReadOnlyList<ZaloButton> ReturnButtons,
    DateTimeOffset UpdatedAt);

/// <summary>The <c>handoff_conversations</c> table, always inside the dispatcher's transaction.</summary>
public static class HandoffConversationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Row(
        string UserId, string Step, string? GuideId, string? Topic, long? VillageUnitId, long? CommuneUnitId, long? RequestId, string Prompt,
        string Options, string ReturnButtons, long UpdatedAt);

    public static async Task<HandoffConversation?> FindAsync(IDbConnection connection, IDbTransaction? transaction, string userId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT user_id AS UserId, step AS Step, guide_id AS GuideId, topic AS Topic, village_unit_id AS VillageUnitId,
                   commune_unit_id AS CommuneUnitId, request_id AS RequestId, prompt AS Prompt, options AS Options, return_buttons AS ReturnButtons,
                   updated_at AS UpdatedAt
            FROM handoff_conversations WHERE user_id = @UserId
            """, new { UserId = userId }, transaction);
        return row is null
            ? null
            : new HandoffConversation(
                row.UserId, Enum.Parse<HandoffStep>(row.Step), row.GuideId, row.Topic, row.VillageUnitId, row.CommuneUnitId, row.RequestId, row.Prompt,
                JsonSerializer.Deserialize<List<HandoffOption>>(row.Options, Json) ?? [],
                JsonSerializer.Deserialize<List<ZaloButton>>(row.ReturnButtons, Json) ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
    }

    public static Task SaveAsync(IDbConnection connection, IDbTransaction? transaction, HandoffConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return connection.ExecuteAsync("""
            INSERT INTO handoff_conversations
                (user_id, step, guide_id, topic, village_unit_id, commune_unit_id, request_id, prompt, options, return_buttons, updated_at)
            VALUES (@UserId, @Step, @GuideId, @Topic, @VillageUnitId, @CommuneUnitId, @RequestId, @Prompt, @Options, @ReturnButtons, @UpdatedAt)
            ON CONFLICT (user_id) DO UPDATE SET
                step = excluded.step, guide_id = excluded.guide_id, topic = excluded.topic, village_unit_id = excluded.village_unit_id,
                commune_unit_id = excluded.commune_unit_id, request_id = excluded.request_id, prompt = excluded.prompt, options = excluded.options,
                return_buttons = excluded.return_buttons, updated_at = excluded.updated_at
            """, new
        {
            conversation.UserId,
            Step = conversation.Step.ToString(),
            conversation.GuideId,
            conversation.Topic,
            conversation.VillageUnitId,
            conversation.CommuneUnitId,
            conversation.RequestId,
            conversation.Prompt,
            Options = JsonSerializer.Serialize(conversation.Options, Json),
            ReturnButtons = JsonSerializer.Serialize(conversation.ReturnButtons, Json),
            UpdatedAt = conversation.UpdatedAt.ToUnixTimeMilliseconds(),
        }, transaction);
    }

    public static Task DeleteAsync(IDbConnection connection, IDbTransaction? transaction, string userId) =>
        connection.ExecuteAsync("DELETE FROM handoff_conversations WHERE user_id = @UserId", new { UserId = userId }, transaction);
}
