using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary>Shorthand for building a view's table rows.</summary>
internal static class Rows
{
    public static IReadOnlyList<Cell> Of(params Cell[] cells) => cells;
}
