using System.Security.Cryptography;

namespace Akka.Http.Extensions;

/// <summary>Collection helpers Akka.Management uses.</summary>
public static class EnumerableExtensions
{
    /// <summary>
    /// Shuffles <paramref name="list"/> in place (Fisher–Yates, every order equally likely) and returns it. Bootstrap
    /// uses it so that contact points do not all hand out the same seed node first.
    /// </summary>
    public static List<T> Shuffle<T>(this List<T> list)
    {
        ArgumentNullException.ThrowIfNull(list);
        for (var i = list.Count - 1; i > 0; i--)
        {
            // Thread-safe without shared state; the lists are a handful of cluster members, so its cost does not matter.
            var j = RandomNumberGenerator.GetInt32(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
