using System.Diagnostics.CodeAnalysis;

namespace Streaming.Streams.Contracts;

/// <summary>Either a value or a non-empty list of <see cref="FieldError"/>s. Create with
/// <see cref="ParseResult.Ok{T}(T)"/> or <see cref="ParseResult.Fail{T}(IReadOnlyList{FieldError})"/>.</summary>
public sealed class ParseResult<T>
    where T : notnull
{
    internal ParseResult(T value)
    {
        Value = value;
        Errors = [];
    }

    internal ParseResult(IReadOnlyList<FieldError> errors)
    {
        Errors = errors;
    }

    /// <summary>True when <see cref="Value"/> is set and <see cref="Errors"/> is empty.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    public bool IsSuccess => Errors.Count == 0;

    /// <summary>The value on success, else default.</summary>
    public T? Value { get; }

    /// <summary>Every offending field on failure (never empty then); empty on success.</summary>
    public IReadOnlyList<FieldError> Errors { get; }

    public bool TryGetValue([MaybeNullWhen(false)] out T value)
    {
        value = Value;
        return IsSuccess;
    }

    /// <summary>The value, or an <see cref="InvalidOperationException"/> listing the errors.</summary>
    public T GetValueOrThrow() =>
        IsSuccess ? Value : throw new InvalidOperationException("Parse failed: " + string.Join("; ", Errors));

    public ParseResult<TOut> Map<TOut>(Func<T, TOut> map)
        where TOut : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        return IsSuccess ? new ParseResult<TOut>(map(Value)) : new ParseResult<TOut>(Errors);
    }

    public override string ToString() => IsSuccess ? "Ok(" + Value + ")" : "Fail(" + string.Join("; ", Errors) + ")";
}
