using System.Text.Json;
using Streaming.Ctl.Output;

namespace Streaming.Ctl.Commands;

/// <summary>Draws one of the node's JSON answers (or one event of a stream) for people.</summary>
internal delegate string View(JsonElement root, Style style);
