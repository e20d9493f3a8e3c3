namespace Streaming.Analytics.Keyed;

/// <summary>
/// The registration of an analytic: the type of its options (bound from section <c>Streaming:Analytics</c>; their
/// property names are the setting names, e.g. <c>Streaming__Analytics__SessionGap</c>) and how the analytic is made
/// from them. The node registers each module once; everything else iterates over the registered analytics.
/// </summary>
public interface IAnalyticModule
{
    string Name { get; }

    Type OptionsType { get; }

    object DefaultOptions { get; }

    /// <summary>The analytic for the bound options (validated here: a bad combination throws <see cref="ArgumentException"/> naming the setting).</summary>
    IAnalytic Create(object options);
}

/// <summary>An <see cref="IAnalyticModule"/> with typed options.</summary>
public abstract class AnalyticModule<TOptions> : IAnalyticModule
    where TOptions : class, new()
{
    public abstract string Name { get; }

    public Type OptionsType => typeof(TOptions);

    public object DefaultOptions => new TOptions();

    public IAnalytic Create(object options) => Create((TOptions)options);

    public abstract IAnalytic Create(TOptions options);
}
