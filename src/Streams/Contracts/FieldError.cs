namespace Streaming.Streams.Contracts;

/// <summary>One offending field of an input: a snake_case JSON path (<c>user_id</c>,
/// <c>items[2].price</c>, <c>metadata.device</c>) or <see cref="Body"/> for whole-body problems.</summary>
public sealed record FieldError(string Field, string Message)
{
    /// <summary>The field name used for problems with the body as a whole.</summary>
    public const string Body = "body";

    /// <summary>The same error under a prefix, e.g. <c>events[3]</c> for an item of a batch:
    /// <c>user_id</c> becomes <c>events[3].user_id</c>, <c>body</c> becomes <c>events[3]</c>.</summary>
    public FieldError Prefixed(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length == 0)
        {
            return this;
        }

        return this with { Field = Field == Body ? prefix : prefix + "." + Field };
    }

    public override string ToString() => Field + ": " + Message;
}
