namespace Streaming.Crosscheck;

/// <summary>A step of a crosscheck or an engine run, for progress display.</summary>
/// <param name="Stage">What is running: <c>read</c>, <c>duckdb</c>, <c>compare</c>.</param>
/// <param name="Detail">What it is working on, e.g. a topic or a result kind.</param>
/// <param name="Count">How many records so far (or in total, when the step is done).</param>
public sealed record CrosscheckProgress(string Stage, string Detail, long Count);
