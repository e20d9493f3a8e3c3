namespace Streaming.Streams.Contracts;

/// <summary>Collects field errors: at most one per field (the first found), at most
/// <see cref="ContractLimits.MaxErrors"/> in all.</summary>
internal sealed class ErrorCollector
{
    private readonly List<FieldError> _errors = [];
    private HashSet<string>? _fields;
    private bool _truncated;

    public bool HasErrors => _errors.Count > 0;

    public IReadOnlyList<FieldError> Errors => _errors;

    public bool Has(string field) => _fields?.Contains(field) == true;

    public void Add(string field, string message)
    {
        if (_truncated || !(_fields ??= new HashSet<string>(StringComparer.Ordinal)).Add(field))
        {
            return;
        }

        if (_errors.Count >= ContractLimits.MaxErrors)
        {
            _truncated = true;
            _errors.Add(new FieldError(FieldError.Body, $"too many errors; only the first {ContractLimits.MaxErrors} are listed"));
            return;
        }

        _errors.Add(new FieldError(field, message));
    }
}
