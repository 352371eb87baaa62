namespace ZaloBot.Zalo;

public enum MessageKind
{
    Text,
    Image,
    Gif,
    Link,
    Audio,
    Video,
    Sticker,
    Location,
    File,
    BusinessCard,
}
