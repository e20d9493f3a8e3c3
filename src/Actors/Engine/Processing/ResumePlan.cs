namespace Streaming.Engine.Processing;

/// <summary>How a partition processor starts on a partition it was assigned.</summary>
public enum ResumeKind
{
    /// <summary>From its checkpoint's state, reading from <see cref="ResumePlan.StartOffset"/>.</summary>
    Resume,

    /// <summary>The stored state belongs to another stream: dropped, the partition starts from fresh state at the log's start.</summary>
    Fresh,

    /// <summary>Not processed: the stored state cannot be applied to this log under the configured policy (<see cref="ResumePlan.Message"/>).</summary>
    Hold,
}

/// <summary>
/// The decision of <see cref="ResumePlanner"/>: where reading starts, the last offset whose effects the state already
/// holds (records at or below it are skipped), how many records cannot be processed, and the line to log.
/// </summary>
public sealed record ResumePlan(ResumeKind Kind, long StartOffset, long LastProcessed, long Unprocessable, string? Message)
{
    public bool Held => Kind == ResumeKind.Hold;
}
