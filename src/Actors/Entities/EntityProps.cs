using Akka.Actor;

namespace Streaming.Actors.Entities;

/// <summary>
/// Props that build an entity by calling its constructor directly. <c>Props.Create(() => new T(…))</c>
/// evaluates the expression's arguments by reflection and creates the actor through
/// <c>Activator.CreateInstance</c> — per entity, and there is one per key (a new order every few events).
/// </summary>
public static class EntityProps
{
    public static Props Of<TActor>(Func<TActor> create) where TActor : ActorBase => Props.CreateBy(new Producer<TActor>(create));

    private sealed class Producer<TActor>(Func<TActor> create) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => create();

        public void Release(ActorBase actor)
        {
        }
    }
}
