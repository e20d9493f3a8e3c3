using Akka.Actor;

namespace Streaming.Actors.Engine;

/// <summary>
/// One kind of entity an input goes to: its shard region and the key that routes an input there
/// (e.g. an order event goes to its user's entity and to its order's entity). <see cref="Name"/>
/// prefixes the entity's timers in the partition checkpoint.
/// </summary>
public sealed record EntityTarget<TInput>(string Name, IActorRef Region, Func<TInput, string> KeyOf);
