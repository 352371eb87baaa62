using ZaloBot.Messaging;
using ZaloBot.Zalo;

namespace ZaloBot.Guides;

/// <summary>
/// A resident asked for a person ("Gặp Tổ công nghệ số", or typed it). <see cref="GuideId"/>,
/// <see cref="GuideTitle"/> and <see cref="StepId"/> say where in a guide they were (null from the menu);
/// <see cref="Text"/> is what they typed, when they typed it. <see cref="ReturnButtons"/> are signed guide
/// buttons ("Quay lại hướng dẫn", "Menu chính") a handoff reply may carry so the resident can go back.
/// </summary>
public sealed record HandoffRequest(
    string UserId,
    string? GuideId,
    string? GuideTitle,
    string? StepId,
    string? Text,
    IReadOnlyList<ZaloButton> ReturnButtons);

/// <summary>
/// The seam between the guides and the handoff to a village team (issue 5, "Handoff"). The guides call it inside
/// the dispatcher's transaction, after their own replies are queued; whatever it writes and replies commits with
/// them. The Handoff feature replaces the default by registering its own <see cref="IHandoffStarter"/>.
/// </summary>
public interface IHandoffStarter
{
    Task StartAsync(HandoffRequest request, EventContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Until the Handoff feature exists: tell the resident honestly how to reach their team in person, and record
/// nothing (no request is stored, so none is promised).
/// </summary>
public sealed class HandoffNotYetAvailable : IHandoffStarter
{
    public const string Reply =
        "Tổ công nghệ số cộng đồng có ở từng thôn, bản, tổ dân phố. Bà con nhờ trưởng thôn (hoặc tổ trưởng tổ dân phố), " +
        "hoặc hỏi ở UBND xã, phường để gặp người trong Tổ giúp tận tay nhé.\n\n" +
        "Hiện mình chưa chuyển tin nhắn tới Tổ được, mong bà con thông cảm 🙏";

    public Task StartAsync(HandoffRequest request, EventContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        return context.ReplyAsync(OutgoingMessage.WithButtons(Reply, request.ReturnButtons));
    }
}
