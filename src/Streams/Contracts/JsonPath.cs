namespace Streaming.Streams.Contracts;

/// <summary>Builds the snake_case JSON paths used as field names in errors.</summary>
internal static class JsonPath
{
    private const int MaxNameInPath = 64;

    public static string Property(string parent, string name)
    {
        var shown = name.Length <= MaxNameInPath ? name : string.Concat(name.AsSpan(0, MaxNameInPath), "…");
        return parent.Length == 0 ? shown : parent + "." + shown;
    }

    public static string Index(string parent, int index) =>
        (parent.Length == 0 ? FieldError.Body : parent) + "[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
}
