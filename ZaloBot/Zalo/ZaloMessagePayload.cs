using System.Text.Json.Nodes;

namespace ZaloBot.Zalo;

/// <summary>
/// Renders requests into Zalo's JSON (zalo-oa-api.md §2.1, §2.3). A message Zalo would reject for its shape is
/// refused here with a <see cref="ZaloErrorKind.PermanentPayload"/> error, before any call is made.
/// </summary>
public static class ZaloMessagePayload
{
    public static JsonObject ForUser(CsMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(!string.IsNullOrWhiteSpace(request.UserId), "recipient.user_id is empty");
        return new JsonObject
        {
            ["recipient"] = new JsonObject { ["user_id"] = request.UserId },
            ["message"] = Message(request.Message, group: false),
        };
    }

    /// <summary>A group message; buttons are turned into numbered lines first (<see cref="ZaloText.WithNumberedButtons"/>).</summary>
    public static JsonObject ForGroup(GroupMessageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Require(!string.IsNullOrWhiteSpace(request.GroupId), "recipient.group_id is empty");
        return new JsonObject
        {
            ["recipient"] = new JsonObject { ["group_id"] = request.GroupId },
            ["message"] = Message(ZaloText.WithNumberedButtons(request.Message), group: true),
        };
    }

    public static JsonObject Button(ZaloButton button)
    {
        ArgumentNullException.ThrowIfNull(button);
        Require(!string.IsNullOrWhiteSpace(button.Title), "button title is empty");
        Require(!string.IsNullOrWhiteSpace(button.Payload), $"button '{button.Title}' has an empty payload");
        JsonNode payload = button.ButtonType switch
        {
            ZaloButtonTypes.QueryShow or ZaloButtonTypes.QueryHide => JsonValue.Create(button.Payload),
            ZaloButtonTypes.OpenUrl => new JsonObject { ["url"] = button.Payload },
            ZaloButtonTypes.OpenPhone => new JsonObject { ["phone_code"] = button.Payload },
            ZaloButtonTypes.OpenSms => new JsonObject { ["content"] = button.SmsContent ?? "", ["phone_code"] = button.Payload },
            _ => throw Invalid($"unknown button type '{button.ButtonType}'"),
        };
        return new JsonObject { ["title"] = button.Title, ["type"] = button.ButtonType, ["payload"] = payload };
    }

    private static JsonObject Message(OutgoingMessage message, bool group)
    {
        ArgumentNullException.ThrowIfNull(message);
        var hasText = !string.IsNullOrWhiteSpace(message.Text);
        if (message.Text is { Length: > ZaloText.MaxLength })
        {
            throw new ZaloApiException(ZaloErrorCodes.ParameterTooLong,
                $"Local check: text has {message.Text.Length} characters, Zalo takes {ZaloText.MaxLength}; split it with ZaloText.SplitMessage.",
                ZaloErrorKind.PermanentPayload);
        }

        if (message.RequestUserInfo is { } info)
        {
            Require(!group, "request_user_info cannot be sent to a group");
            Require(!hasText && message.Buttons.Count == 0 && !message.HasImage, "request_user_info goes alone, without text, buttons or image");
            return new JsonObject
            {
                ["attachment"] = Template("request_user_info", new JsonArray(new JsonObject
                {
                    ["title"] = info.Title,
                    ["subtitle"] = info.Subtitle,
                    ["image_url"] = info.ImageUrl,
                })),
            };
        }

        if (message.HasImage)
        {
            Require(message.Buttons.Count == 0, "an image message takes no buttons");
            Require(string.IsNullOrEmpty(message.ImageUrl) || string.IsNullOrEmpty(message.AttachmentId), "give an image url or an attachment id, not both");
            var element = new JsonObject { ["media_type"] = "image" };
            if (!string.IsNullOrEmpty(message.AttachmentId))
            {
                element["attachment_id"] = message.AttachmentId;
            }
            else
            {
                element["url"] = message.ImageUrl;
            }

            var media = new JsonObject();
            if (hasText)
            {
                media["text"] = message.Text;
            }

            media["attachment"] = Template("media", new JsonArray(element));
            return media;
        }

        Require(hasText, "the message has no text");
        var result = new JsonObject { ["text"] = message.Text };
        if (message.Buttons.Count > 0)
        {
            var buttons = new JsonArray();
            foreach (var button in message.Buttons)
            {
                buttons.Add(Button(button));
            }

            result["attachment"] = new JsonObject
            {
                ["type"] = "template",
                ["payload"] = new JsonObject { ["template_type"] = "list", ["buttons"] = buttons },
            };
        }

        return result;
    }

    private static JsonObject Template(string templateType, JsonArray elements) => new()
    {
        ["type"] = "template",
        ["payload"] = new JsonObject { ["template_type"] = templateType, ["elements"] = elements },
    };

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw Invalid(problem);
        }
    }

    private static ZaloApiException Invalid(string problem) =>
        new(ZaloErrorCodes.InvalidParameter, "Local check: " + problem, ZaloErrorKind.PermanentPayload);
}
