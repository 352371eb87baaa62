using ZaloBot.Zalo;

namespace ZaloBot.Tests.Support;

/// <summary>A Zalo client for code that must never call Zalo (reading and rendering messages): any call fails the test.</summary>
public sealed class NoZaloClient : IZaloClient
{
    public Task<string> SendCustomerServiceAsync(CsMessageRequest request, ZaloSendPriority priority, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No call to Zalo was expected.");

    public Task<string> SendGroupMessageAsync(GroupMessageRequest request, ZaloSendPriority priority, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No call to Zalo was expected.");

    public Task<ZaloUserDetail> GetUserDetailAsync(string userId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No call to Zalo was expected.");

    public Task<ZaloOaInfo> GetOaInfoAsync(CancellationToken cancellationToken) => throw new NotSupportedException("No call to Zalo was expected.");

    public Task<ZaloMessageQuota> GetMessageQuotaAsync(string userId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("No call to Zalo was expected.");
}
