using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streaming.Ctl;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CtlJson : JsonSerializerContext;
