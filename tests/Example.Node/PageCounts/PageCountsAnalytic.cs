using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using Streaming.Analytics.Keyed;

namespace Streaming.Example.PageCounts;

/// <summary>Clicks per page and tumbling window, from <c>page_clicks</c> to <c>page_click_counts</c>.</summary>
public sealed class PageCountsAnalytic(PageCountsOptions options) : Analytic<PageClick, PageCount>
{
    public const string Input = "page_clicks";
    public const string Output = "page_click_counts";

    public override string Name => "page-counts";

    public override string InputTopic => Input;

    public override IReadOnlyList<string> OutputTopics => [Output];

    public override IReadOnlyList<KeyedFunction<PageClick, PageCount>> Functions { get; } = [new PageCountsFunction(options)];

    public override bool TryParse(InputRecord record, [MaybeNullWhen(false)] out PageClick input, out string problem)
    {
        input = null;
        ClickRecord? click;
        try
        {
            click = JsonSerializer.Deserialize(record.Value.Span, PageCountsJsonContext.Default.ClickRecord);
        }
        catch (JsonException e)
        {
            problem = "not a page click: " + e.Message;
            return false;
        }
        if (click is not { Page.Length: > 0, Timestamp: { } time })
        {
            problem = "a page click needs page and timestamp";
            return false;
        }
        input = new PageClick(click.EventId ?? record.FallbackId, click.Page, time);
        problem = "";
        return true;
    }

    public override string EventIdOf(PageClick input) => input.EventId;

    public override DateTimeOffset TimeOf(PageClick input) => input.Time;

    public override ResultRecord Emit(PageCount output) =>
        new(Output, output.Page, JsonSerializer.SerializeToUtf8Bytes(output, PageCountsJsonContext.Default.PageCount),
            output.Page + "@" + output.WindowStart.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    public override ResultMetric? Metric { get; } = new("page_windows_counted");
}
