using System.Globalization;
using System.Text;

namespace Streaming.Bench;

/// <summary>Valid SPEC user events (~190 bytes) with 10,000 distinct user ids, so keys spread over all partitions.</summary>
internal static class Events
{
    private static readonly string[] Types = ["page_view", "click", "scroll", "add_to_cart", "search"];
    private static readonly string[] Devices = ["mobile", "desktop", "tablet"];
    private static readonly string[] Cities = ["Seoul", "Busan", "Incheon", "Daegu"];

    public static string UserEvent(int i, DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"user_id\":\"user_{i % 10_000}\",\"event_type\":\"{Types[i % Types.Length]}\",\"page_url\":\"/products/item-{i % 997}\",\"timestamp\":\"{at.AddMilliseconds(-(i % 1000)):yyyy-MM-ddTHH:mm:ss.fffZ}\",\"metadata\":{{\"device\":\"{Devices[i % Devices.Length]}\",\"location\":\"{Cities[i % Cities.Length]}\",\"session_id\":\"s-{i % 5000}\"}}}}");

    /// <summary>Distinct single-event bodies.</summary>
    public static IReadOnlyList<byte[]> Singles(int count)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(i => Encoding.UTF8.GetBytes(UserEvent(i * 7919, now))).ToList();
    }

    /// <summary>Distinct batch bodies: JSON arrays of <paramref name="size"/> events.</summary>
    public static IReadOnlyList<byte[]> Batches(int count, int size)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(b =>
            Encoding.UTF8.GetBytes("[" + string.Join(",", Enumerable.Range(0, size).Select(i => UserEvent((b * size) + i, now))) + "]")).ToList();
    }
}
