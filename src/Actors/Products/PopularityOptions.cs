namespace Streaming.Actors.Products;

/// <summary>Sliding-window and trending configuration (SPEC §3.2).</summary>
/// <remarks>
/// Windows are <c>[k·S, k·S + W)</c> for every integer k, aligned to the Unix epoch. <see cref="Window"/> (W) must be
/// a positive whole multiple of <see cref="Slide"/> (S), both whole milliseconds; <see cref="TopN"/> is positive.
/// A restored <see cref="ProductWindowsState"/> must be used with the options it was built with.
/// </remarks>
public sealed record PopularityOptions
{
    /// <summary>Default window size W (10 min).</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    /// <summary>Default slide S (1 min).</summary>
    public static readonly TimeSpan DefaultSlide = TimeSpan.FromMinutes(1);

    /// <summary>Default number of products listed per trending record (10).</summary>
    public const int DefaultTopN = 10;

    /// <summary>The defaults: W = 10 min, S = 1 min, N = 10.</summary>
    public static PopularityOptions Default { get; } = new();

    /// <summary>Creates options with the defaults.</summary>
    public PopularityOptions()
        : this(DefaultWindow, DefaultSlide, DefaultTopN)
    {
    }

    /// <summary>Creates options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not positive, not whole milliseconds, or W not a multiple of S.</exception>
    public PopularityOptions(TimeSpan window, TimeSpan slide, int topN = DefaultTopN)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(slide, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, slide);
        ArgumentOutOfRangeException.ThrowIfLessThan(topN, 1);
        if (slide.Ticks % TimeSpan.TicksPerMillisecond != 0 || window.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "Window and slide must be whole milliseconds.");
        }

        if (window.Ticks % slide.Ticks != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(window), "The window size must be a whole multiple of the slide.");
        }

        Window = window;
        Slide = slide;
        TopN = topN;
    }

    /// <summary>The window size W.</summary>
    public TimeSpan Window { get; }

    /// <summary>The slide S: a new window starts every S.</summary>
    public TimeSpan Slide { get; }

    /// <summary>How many products a trending list holds (overall and per category).</summary>
    public int TopN { get; }

    /// <summary>Panes (slides) per window: W ÷ S.</summary>
    public int PanesPerWindow => (int)(Window.Ticks / Slide.Ticks);

    internal long WindowMs => Window.Ticks / TimeSpan.TicksPerMillisecond;

    internal long SlideMs => Slide.Ticks / TimeSpan.TicksPerMillisecond;
}
