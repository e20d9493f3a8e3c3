using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Reads and validates a <see cref="UserEvent"/> from a JSON object.</summary>
internal static class UserEventReader
{
    public static UserEvent? Read(JsonElement root, ParseContext context)
    {
        var reader = new ObjectReader(root, string.Empty, context.Errors);
        var common = CommonFields.Read(reader, context);
        var userId = reader.String("user_id", required: true, FieldRules.Id);
        var eventType = reader.String("event_type", required: true, FieldRules.EventType);
        var pageUrl = reader.String("page_url", required: false, FieldRules.PageUrl);
        var metadata = ReadMetadata(reader.Object("metadata"));
        if (context.Errors.HasErrors)
        {
            return null;
        }

        return new UserEvent
        {
            EventId = common.EventId(context),
            UserId = userId!,
            EventType = eventType!,
            PageUrl = pageUrl,
            Metadata = metadata,
            Timestamp = common.Timestamp,
            IngestedAt = common.IngestedAt,
        };
    }

    private static EventMetadata? ReadMetadata(ObjectReader? maybe)
    {
        if (maybe is not { } reader)
        {
            return null;
        }

        return new EventMetadata
        {
            Device = reader.String("device", required: false, FieldRules.Label),
            Location = reader.String("location", required: false, FieldRules.Label),
            SessionId = reader.String("session_id", required: false, FieldRules.Id),
            ExtensionData = reader.Extras("device", "location", "session_id"),
        };
    }
}
