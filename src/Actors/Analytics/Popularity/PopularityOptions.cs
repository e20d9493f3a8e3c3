namespace Streaming.Analytics.Popularity;

/// <summary>
/// Settings of product popularity and trending (section <c>Streaming:Analytics</c>): hop windows of size
/// <see cref="ProductWindow"/> sliding by <see cref="ProductSlide"/>, aligned to the epoch, and the top
/// <see cref="TrendingTopN"/> products of each window.
/// </summary>
public sealed record PopularityOptions
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan DefaultSlide = TimeSpan.FromMinutes(1);

    public const int DefaultTopN = 10;

    public static PopularityOptions Default { get; } = new();

    public PopularityOptions()
    {
    }

    /// <exception cref="ArgumentOutOfRangeException">The sizes do not make hop windows (see <see cref="Validated"/>).</exception>
    public PopularityOptions(TimeSpan window, TimeSpan slide, int topN = DefaultTopN)
    {
        ProductWindow = window;
        ProductSlide = slide;
        TrendingTopN = topN;
        _ = Validated();
    }

    /// <summary>Window size W: whole milliseconds, a whole multiple of <see cref="ProductSlide"/>.</summary>
    public TimeSpan ProductWindow { get; init; } = DefaultWindow;

    /// <summary>Slide S: positive, whole milliseconds.</summary>
    public TimeSpan ProductSlide { get; init; } = DefaultSlide;

    /// <summary>Products per trending list N, overall and per category.</summary>
    public int TrendingTopN { get; init; } = DefaultTopN;

    public int PanesPerWindow => (int)(ProductWindow.Ticks / ProductSlide.Ticks);

    internal long WindowMs => ProductWindow.Ticks / TimeSpan.TicksPerMillisecond;

    internal long SlideMs => ProductSlide.Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>These options when they make hop windows; otherwise an exception that names the setting.</summary>
    public PopularityOptions Validated()
    {
        if (ProductSlide <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ProductSlide), ProductSlide, "Streaming:Analytics:ProductSlide must be positive.");
        if (ProductWindow < ProductSlide)
            throw new ArgumentOutOfRangeException(nameof(ProductWindow), ProductWindow, "Streaming:Analytics:ProductWindow must be at least ProductSlide.");
        if (TrendingTopN < 1)
            throw new ArgumentOutOfRangeException(nameof(TrendingTopN), TrendingTopN, "Streaming:Analytics:TrendingTopN must be at least 1.");
        if (ProductSlide.Ticks % TimeSpan.TicksPerMillisecond != 0 || ProductWindow.Ticks % TimeSpan.TicksPerMillisecond != 0)
            throw new ArgumentOutOfRangeException(nameof(ProductWindow), ProductWindow, "Streaming:Analytics:ProductWindow and ProductSlide must be whole milliseconds.");
        if (ProductWindow.Ticks % ProductSlide.Ticks != 0)
            throw new ArgumentOutOfRangeException(nameof(ProductWindow), ProductWindow, "Streaming:Analytics:ProductWindow must be a whole multiple of ProductSlide.");
        return this;
    }
}
