using System.Text.Json.Serialization;

namespace Streaming.Crosscheck.Reconcile;

/// <summary>How two sides of a crosscheck disagree about one record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DifferenceType>))]
public enum DifferenceType
{
    /// <summary>The id is on the left side, not on the right.</summary>
    [JsonStringEnumMemberName("missing")]
    Missing,

    /// <summary>The id is on the right side, not on the left.</summary>
    [JsonStringEnumMemberName("extra")]
    Extra,

    /// <summary>Both sides have the id; one field differs (one difference per field).</summary>
    [JsonStringEnumMemberName("differs")]
    Differs,

    /// <summary>One side published the id twice with different contents (SPEC §2 forbids it).</summary>
    [JsonStringEnumMemberName("conflict")]
    Conflict,

    /// <summary>A record that is not JSON or lacks its id or time, so it cannot be placed.</summary>
    [JsonStringEnumMemberName("unreadable")]
    Unreadable,
}
