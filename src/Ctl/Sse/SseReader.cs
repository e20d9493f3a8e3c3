using System.Runtime.CompilerServices;
using System.Text;

namespace Streaming.Ctl.Sse;

/// <summary>Messages of an event stream as they arrive, however the network splits its bytes (UTF-8, a leading BOM skipped; LF, CRLF or CR line ends).</summary>
public static class SseReader
{
    public static async IAsyncEnumerable<SseMessage> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var parser = SseParser.Empty;
        while (await reader.ReadLineAsync(cancellation) is { } line)
        {
            (parser, var message) = parser.Accept(line);
            if (message is not null) yield return message;
        }
    }
}
