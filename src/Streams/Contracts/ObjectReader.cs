using System.Globalization;
using System.Text.Json;

namespace Streaming.Streams.Contracts;

/// <summary>Reads typed fields of one JSON object, adding an error for every field that is missing
/// (when required), of the wrong JSON type, or breaks its rule. A JSON null counts as absent.
/// Fields that already have an error (e.g. from <see cref="JsonShapeCheck"/>) are not read again.</summary>
internal readonly struct ObjectReader
{
    private readonly JsonElement _object;
    private readonly string _prefix;
    private readonly ErrorCollector _errors;

    public ObjectReader(JsonElement obj, string prefix, ErrorCollector errors)
    {
        _object = obj;
        _prefix = prefix;
        _errors = errors;
    }

    public string Path(string name) => JsonPath.Property(_prefix, name);

    public string? String(string name, bool required, Func<string, string?> rule)
    {
        if (!TryGet(name, required, out var value, out var path))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(path, "must be a string");
            return null;
        }

        var text = GetString(value, path);
        if (text is null)
        {
            return null;
        }

        var problem = rule(text);
        if (problem is not null)
        {
            _errors.Add(path, problem);
            return null;
        }

        return text;
    }

    /// <summary>A decimal ≥ 0 and ≤ <see cref="ContractLimits.MaxAmount"/>.</summary>
    public decimal? Amount(string name, bool required)
    {
        if (!TryGetNumber(name, required, out var value, out var path))
        {
            return null;
        }

        if (!value.TryGetDecimal(out var amount))
        {
            _errors.Add(path, "is out of range for a decimal number");
            return null;
        }

        if (amount < 0)
        {
            _errors.Add(path, "must be >= 0");
            return null;
        }

        if (amount > ContractLimits.MaxAmount)
        {
            _errors.Add(path, "must be at most " + ContractLimits.MaxAmount.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        return amount;
    }

    /// <summary>An integral number in [<paramref name="min"/>, <paramref name="max"/>] (1 and 1.0 both count).</summary>
    public int? Integer(string name, bool required, int min, int max)
    {
        if (!TryGetNumber(name, required, out var value, out var path))
        {
            return null;
        }

        if (!value.TryGetDecimal(out var number) || number != decimal.Truncate(number) || number < min || number > max)
        {
            _errors.Add(path, $"must be an integer from {min} to {max}");
            return null;
        }

        return (int)number;
    }

    /// <summary>An ISO-8601 timestamp between <see cref="ContractLimits.MinYear"/> and
    /// <see cref="ContractLimits.MaxYear"/>, as UTC with millisecond precision.</summary>
    public DateTimeOffset? Timestamp(string name, bool required)
    {
        if (!TryGet(name, required, out var value, out var path))
        {
            return null;
        }

        const string Expected = "must be an ISO-8601 timestamp string, e.g. 2026-11-25T10:00:00.123Z";
        if (value.ValueKind != JsonValueKind.String)
        {
            _errors.Add(path, Expected);
            return null;
        }

        var text = GetString(value, path);
        if (text is null)
        {
            return null;
        }

        if (!IsoTimestamp.TryRead(value, text, out var timestamp))
        {
            _errors.Add(path, Expected);
            return null;
        }

        if (timestamp.Year is < ContractLimits.MinYear or > ContractLimits.MaxYear)
        {
            _errors.Add(path, $"must be between the years {ContractLimits.MinYear} and {ContractLimits.MaxYear}");
            return null;
        }

        return timestamp;
    }

    /// <summary>A nested object, or null when absent or wrong (then an error was added).</summary>
    public ObjectReader? Object(string name)
    {
        if (!TryGet(name, required: false, out var value, out var path))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            _errors.Add(path, "must be an object");
            return null;
        }

        return new ObjectReader(value, path, _errors);
    }

    /// <summary>A nested array with at most <paramref name="maxLength"/> elements, or null when absent or wrong.</summary>
    public JsonElement? Array(string name, int maxLength, out string path)
    {
        if (!TryGet(name, required: false, out var value, out path))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            _errors.Add(path, "must be an array");
            return null;
        }

        if (value.GetArrayLength() > maxLength)
        {
            _errors.Add(path, $"must have at most {maxLength} elements");
            return null;
        }

        return value;
    }

    /// <summary>Every property except <paramref name="known"/>, cloned so it outlives the document;
    /// null when there are none.</summary>
    public Dictionary<string, JsonElement>? Extras(params ReadOnlySpan<string> known)
    {
        Dictionary<string, JsonElement>? extras = null;
        foreach (var property in _object.EnumerateObject())
        {
            var name = property.Name;
            if (known.Contains(name))
            {
                continue;
            }

            extras ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            extras[name] = property.Value.Clone();
        }

        return extras;
    }

    private bool TryGetNumber(string name, bool required, out JsonElement value, out string path)
    {
        if (!TryGet(name, required, out value, out path))
        {
            return false;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            _errors.Add(path, "must be a number");
            return false;
        }

        return true;
    }

    private bool TryGet(string name, bool required, out JsonElement value, out string path)
    {
        path = Path(name);
        if (_object.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return !_errors.Has(path);
        }

        if (required)
        {
            _errors.Add(path, "is required");
        }

        return false;
    }

    private string? GetString(JsonElement value, string path)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            _errors.Add(path, "is not a valid string");
            return null;
        }
    }
}
