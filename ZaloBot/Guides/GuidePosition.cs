namespace ZaloBot.Guides;

public sealed record GuidePosition(string GuideId, string StepId)
{
    public override string ToString() => GuideId + "/" + StepId;
}
