namespace Streaming.Engine.Tests.Support;

/// <summary>The ways the property tests feed the processor.</summary>
public static class Plans
{
    /// <summary>One record per step, a checkpoint after each.</summary>
    public static RunPlan OneByOne { get; } = new();

    /// <summary>Steps of varying size (empty ones are clock ticks), a checkpoint every third step.</summary>
    public static RunPlan Batched { get; } = new() { Batches = [3, 1, 0, 7, 2], CheckpointEverySteps = 3 };

    /// <summary>Every key leaves memory after each checkpoint and loads again from the backend (state codec and loads exercised).</summary>
    public static RunPlan RoundTrip { get; } = new() { Batches = [2, 1, 4], EvictAfterCheckpoint = true, TimersInMemory = 3 };

    /// <summary>The node dies after a few steps, twice; each time a new processor resumes from the backend's checkpoint and replays.</summary>
    public static RunPlan Crashing { get; } = new() { Batches = [2, 3], CheckpointEverySteps = 2, CrashAfterSteps = new HashSet<int> { 3, 8 }, LiveEntities = 4 };
}
