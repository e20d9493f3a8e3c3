namespace Streaming.Streams.Contracts;

/// <summary>Factory for <see cref="ParseResult{T}"/>.</summary>
public static class ParseResult
{
    public static ParseResult<T> Ok<T>(T value)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ParseResult<T>(value);
    }

    /// <summary>A failure; <paramref name="errors"/> must not be empty.</summary>
    public static ParseResult<T> Fail<T>(IReadOnlyList<FieldError> errors)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Count == 0)
        {
            throw new ArgumentException("A failed parse needs at least one error.", nameof(errors));
        }

        return new ParseResult<T>(errors.ToArray());
    }

    public static ParseResult<T> Fail<T>(string field, string message)
        where T : notnull => new(new[] { new FieldError(field, message) });
}
