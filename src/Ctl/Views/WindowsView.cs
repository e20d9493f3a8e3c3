using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Views;

/// <summary><c>GET /api/v1/analytics/products/{product}/windows</c>: the product's open sliding windows with their figures so far.</summary>
internal static class WindowsView
{
    public static string Render(JsonElement root, Style style)
    {
        var windows = root.Items().ToList();
        return windows.Count == 0
            ? "No open window for this product.\n"
            : new Table([
                    new("WINDOW START"), new("WINDOW END"), Column.Number("VIEWS"), Column.Number("CARTS"), Column.Number("PURCHASES"),
                    Column.Number("USERS"), Column.Number("REVENUE"), Column.Number("CONVERSION"), Column.Number("SCORE"),
                ],
                [.. windows.Select(w => Rows.Of(Formats.Timestamp(w.String("window_start")), Formats.Timestamp(w.String("window_end")),
                    w.Text("views"), w.Text("add_to_cart"), w.Text("purchases"), w.Text("unique_users"), w.Text("revenue"),
                    w.Text("conversion_rate"), w.Text("popularity_score")))]).Render(style);
    }
}
