namespace Streaming.Nodes;

/// <summary>Settings of section <c>Streaming:Demo</c>: generated shop traffic so a new node has something to show.</summary>
public sealed record DemoOptions
{
    public const string Section = "Streaming:Demo";

    /// <summary>Generate traffic (also switched on by the <c>--demo</c> flag).</summary>
    public bool Enabled { get; init; }

    /// <summary>Events per second across all three input topics.</summary>
    public int EventsPerSecond { get; init; } = 50;

    /// <summary>Simulated shoppers.</summary>
    public int Users { get; init; } = 200;

    /// <summary>Event time runs this many times faster than the wall clock, so 5-minute session gaps pass in 30 s.</summary>
    public double TimeScale { get; init; } = 10;
}
