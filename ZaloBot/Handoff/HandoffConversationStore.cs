using System.Data;
using System.Text.Json;
using Dapper;
using ZaloBot.Messaging;

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

/// <summary>
/// A resident in the middle of asking for a person. <see cref="Topic"/> is the guide's title or what they typed;
/// <see cref="Prompt"/> is the last question and <see cref="Options"/> its choices; <see cref="ReturnChoices"/> lead back
/// to where they were in the guides.
/// </summary>
public sealed record HandoffConversation(
    Conversation Resident,
    HandoffStep Step,
    string? GuideId,
    string? Topic,
    long? VillageUnitId,
    long? CommuneUnitId,
    long? RequestId,
    string Prompt,
    IReadOnlyList<Choice> Options,
    IReadOnlyList<Choice> ReturnChoices,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// True when a typed number chooses among <see cref="Options"/>: in the steps whose question is a list or a yes or
    /// no, and in every step where the choices are shown as numbered lines (the only way to pick them there). Elsewhere
    /// a number is an answer ("Khu phố 2" typed as "2").
    /// </summary>
    public bool NumbersChoose =>
        Step is HandoffStep.ChooseVillage or HandoffStep.ChooseCommune or HandoffStep.Confirm or HandoffStep.ConfirmCancel || Resident.ChoicesAreNumbered;

    /// <summary>How many of the options the prompt itself lists by number: the places of a choice among several.</summary>
    public int OptionsNumberedInPrompt =>
        Step is HandoffStep.ChooseVillage or HandoffStep.ChooseCommune
        && Options.Count(o => HandoffAction.Decode(o.Action) is HandoffAction.ChooseVillage or HandoffAction.ChooseCommune) is var places and > 1
            ? places
            : 0;

    /// <summary>
    /// True when <paramref name="text"/> is an answer to the last question. After "hủy yêu cầu?" only yes, no or
    /// cancel is; anything else means the resident moved on.
    /// </summary>
    public bool TakesAnswer(string text) =>
        Step != HandoffStep.ConfirmCancel
        || (RequestId is not null && (ResidentWords.IsYes(text) || ResidentWords.IsNo(text) || ResidentWords.IsCancel(text)));
}

/// <summary>The <c>handoff_conversations</c> table, always inside the dispatcher's transaction.</summary>
public static class HandoffConversationStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Row(
        string Step, string? GuideId, string? Topic, long? VillageUnitId, long? CommuneUnitId, long? RequestId, string Prompt,
        string Options, string ReturnChoices, long UpdatedAt);

    public static async Task<HandoffConversation?> FindAsync(IDbConnection connection, IDbTransaction? transaction, Conversation resident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        var row = await connection.QuerySingleOrDefaultAsync<Row>("""
            SELECT step AS Step, guide_id AS GuideId, topic AS Topic, village_unit_id AS VillageUnitId, commune_unit_id AS CommuneUnitId,
                   request_id AS RequestId, prompt AS Prompt, options AS Options, return_choices AS ReturnChoices, updated_at AS UpdatedAt
            FROM handoff_conversations WHERE via = @Via AND user_id = @UserId
            """, new { Via = resident.Channel.Code(), UserId = resident.Id }, transaction);
        return row is null
            ? null
            : new HandoffConversation(
                resident, Enum.Parse<HandoffStep>(row.Step), row.GuideId, row.Topic, row.VillageUnitId, row.CommuneUnitId, row.RequestId, row.Prompt,
                JsonSerializer.Deserialize<List<Choice>>(row.Options, Json) ?? [],
                JsonSerializer.Deserialize<List<Choice>>(row.ReturnChoices, Json) ?? [],
                DateTimeOffset.FromUnixTimeMilliseconds(row.UpdatedAt));
    }

    public static Task SaveAsync(IDbConnection connection, IDbTransaction? transaction, HandoffConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return connection.ExecuteAsync("""
            INSERT INTO handoff_conversations
                (via, user_id, step, guide_id, topic, village_unit_id, commune_unit_id, request_id, prompt, options, return_choices, updated_at)
            VALUES (@Via, @UserId, @Step, @GuideId, @Topic, @VillageUnitId, @CommuneUnitId, @RequestId, @Prompt, @Options, @ReturnChoices, @UpdatedAt)
            ON CONFLICT (via, user_id) DO UPDATE SET
                step = excluded.step, guide_id = excluded.guide_id, topic = excluded.topic, village_unit_id = excluded.village_unit_id,
                commune_unit_id = excluded.commune_unit_id, request_id = excluded.request_id, prompt = excluded.prompt, options = excluded.options,
                return_choices = excluded.return_choices, updated_at = excluded.updated_at
            """, new
        {
            Via = conversation.Resident.Channel.Code(),
            UserId = conversation.Resident.Id,
            Step = conversation.Step.ToString(),
            conversation.GuideId,
            conversation.Topic,
            conversation.VillageUnitId,
            conversation.CommuneUnitId,
            conversation.RequestId,
            conversation.Prompt,
            Options = JsonSerializer.Serialize(conversation.Options, Json),
            ReturnChoices = JsonSerializer.Serialize(conversation.ReturnChoices, Json),
            UpdatedAt = conversation.UpdatedAt.ToUnixTimeMilliseconds(),
        }, transaction);
    }

    public static Task DeleteAsync(IDbConnection connection, IDbTransaction? transaction, Conversation resident)
    {
        ArgumentNullException.ThrowIfNull(resident);
        return connection.ExecuteAsync(
            "DELETE FROM handoff_conversations WHERE via = @Via AND user_id = @UserId", new { Via = resident.Channel.Code(), UserId = resident.Id }, transaction);
    }
}
