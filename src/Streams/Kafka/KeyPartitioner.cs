namespace Streaming.Streams.Kafka;

/// <summary>
/// Kafka's Java client default partitioner for keyed records (Utils.murmur2, toPositive, modulo),
/// written from its spec: librdkafka's <c>murmur2_random</c>, which the gateway and the engine
/// produce with, picks the same partition, so a key's partition can be computed without a broker.
/// </summary>
public static class KeyPartitioner
{
    public static int Partition(byte[] key, int partitions) => (Hash(key) & 0x7fffffff) % partitions;

    public static int Hash(byte[] data)
    {
        unchecked
        {
            var length = data.Length;
            const uint m = 0x5bd1e995;
            var h = 0x9747b28c ^ (uint)length;
            var length4 = length / 4;
            for (var i = 0; i < length4; i++)
            {
                var i4 = i * 4;
                var k = (uint)(data[i4] | (data[i4 + 1] << 8) | (data[i4 + 2] << 16) | (data[i4 + 3] << 24));
                k *= m;
                k ^= k >> 24;
                k *= m;
                h *= m;
                h ^= k;
            }
            var tail = length & ~3;
            switch (length % 4)
            {
                case 3:
                    h ^= (uint)data[tail + 2] << 16;
                    goto case 2;
                case 2:
                    h ^= (uint)data[tail + 1] << 8;
                    goto case 1;
                case 1:
                    h ^= data[tail];
                    h *= m;
                    break;
            }
            h ^= h >> 13;
            h *= m;
            h ^= h >> 15;
            return (int)h;
        }
    }
}
