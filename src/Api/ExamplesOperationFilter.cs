using System.Text.Json.Nodes;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Streaming.Api;

/// <summary>Puts a realistic request example on each ingest operation so /docs can send it as is.</summary>
internal sealed class ExamplesOperationFilter : IOperationFilter
{
    private static readonly Dictionary<string, string> ByOperation = new(StringComparer.Ordinal)
    {
        ["PostUserEvent"] = RequestExamples.UserEvent,
        ["PostProductEvent"] = RequestExamples.ProductEvent,
        ["PostOrderEvent"] = RequestExamples.OrderEvent,
        ["PostBatch"] = "[" + RequestExamples.UserEvent + "," + RequestExamples.UserEvent.Replace("page_view", "click", StringComparison.Ordinal) + "]",
        ["Produce"] = "{\"topic\":\"user_events\",\"value\":" + RequestExamples.UserEvent + "}",
    };

    public void Apply(Microsoft.OpenApi.OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || !ByOperation.TryGetValue(id, out var example)) return;
        if (operation.RequestBody?.Content is not { } content) return;
        foreach (var media in content.Values.OfType<Microsoft.OpenApi.OpenApiMediaType>()) media.Example = JsonNode.Parse(example);
    }
}
