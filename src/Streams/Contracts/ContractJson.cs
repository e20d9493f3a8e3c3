using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Streaming.Streams.Contracts;

/// <summary>The options events are written with: those of <see cref="ContractsJsonContext"/>, with
/// non-ASCII text written as UTF-8 rather than \u escapes (the output goes to Kafka, not into HTML).</summary>
public static class ContractJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static JsonTypeInfo<UserEvent> UserEvent { get; } = TypeInfo<UserEvent>();

    public static JsonTypeInfo<ProductEvent> ProductEvent { get; } = TypeInfo<ProductEvent>();

    public static JsonTypeInfo<OrderEvent> OrderEvent { get; } = TypeInfo<OrderEvent>();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ContractsJsonContext.Default.Options)
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
}
