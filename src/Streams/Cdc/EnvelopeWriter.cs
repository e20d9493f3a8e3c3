using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Streaming.Streams.Cdc;

/// <summary>
/// Builds the Kafka key and value of a change as Debezium's JSON converter writes them without schemas: the key is
/// the primary key (<c>{"id":42}</c>), the value the envelope
/// <c>{before, after, source{version, connector, name, ts_ms, snapshot, db, schema, table, txId, lsn}, op, ts_ms}</c>.
/// One instance per connector loop: it reuses its buffers and is not thread-safe.
/// </summary>
internal sealed class EnvelopeWriter : IDisposable
{
    private static readonly JsonEncodedText Before = JsonEncodedText.Encode("before");
    private static readonly JsonEncodedText After = JsonEncodedText.Encode("after");
    private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText VersionField = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Connector = JsonEncodedText.Encode("connector");
    private static readonly JsonEncodedText Postgresql = JsonEncodedText.Encode("postgresql");
    private static readonly JsonEncodedText NameField = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText TsMs = JsonEncodedText.Encode("ts_ms");
    private static readonly JsonEncodedText SnapshotField = JsonEncodedText.Encode("snapshot");
    private static readonly JsonEncodedText Db = JsonEncodedText.Encode("db");
    private static readonly JsonEncodedText SchemaField = JsonEncodedText.Encode("schema");
    private static readonly JsonEncodedText TableField = JsonEncodedText.Encode("table");
    private static readonly JsonEncodedText TxId = JsonEncodedText.Encode("txId");
    private static readonly JsonEncodedText Lsn = JsonEncodedText.Encode("lsn");
    private static readonly JsonEncodedText Op = JsonEncodedText.Encode("op");

    /// <summary>Non-ASCII text stays UTF-8 (valid JSON, and what Jackson writes).</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly JsonEncodedText _version;
    private readonly JsonEncodedText _serverName;
    private readonly JsonEncodedText _database;
    private readonly string _placeholder;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;
    private readonly ArrayBufferWriter<byte> _scratchBuffer = new(256);
    private readonly Utf8JsonWriter _scratch;
    private readonly HashSet<(string Table, string Column)> _reportedFallbacks = [];

    public EnvelopeWriter(string version, string serverName, string database, string unavailablePlaceholder, ILogger logger)
    {
        _version = JsonEncodedText.Encode(version);
        _serverName = JsonEncodedText.Encode(serverName);
        _database = JsonEncodedText.Encode(database);
        _placeholder = unavailablePlaceholder;
        _logger = logger;
        _writer = new Utf8JsonWriter(_buffer, WriterOptions);
        _scratch = new Utf8JsonWriter(_scratchBuffer, WriterOptions);
    }

    /// <summary>The record key: the primary-key columns of <paramref name="row"/>; null when the table has none.</summary>
    public byte[]? Key(TableSchema table, ColumnValue[] row)
    {
        if (table.KeyIndexes.IsEmpty) return null;
        Reset();
        _writer.WriteStartObject();
        foreach (var i in table.KeyIndexes)
        {
            _writer.WritePropertyName(table.Columns[i].Name);
            WriteValue(table, i, row[i]);
        }
        _writer.WriteEndObject();
        return Finish();
    }

    /// <summary>The envelope of one change.</summary>
    public byte[] Value(TableSchema table, ChangeOp op, ColumnValue[]? before, ColumnValue[]? after, SourceInfo source, long nowMs)
    {
        Reset();
        var w = _writer;
        w.WriteStartObject();
        w.WritePropertyName(Before);
        WriteRow(table, before);
        w.WritePropertyName(After);
        WriteRow(table, after);
        w.WriteStartObject(Source);
        w.WriteString(VersionField, _version);
        w.WriteString(Connector, Postgresql);
        w.WriteString(NameField, _serverName);
        w.WriteNumber(TsMs, source.TimestampMs);
        w.WriteString(SnapshotField, source.Snapshot);
        w.WriteString(Db, _database);
        w.WriteString(SchemaField, table.Table.Schema);
        w.WriteString(TableField, table.Table.Name);
        if (source.TransactionId is { } xid) w.WriteNumber(TxId, xid);
        else w.WriteNull(TxId);
        w.WriteNumber(Lsn, source.Lsn);
        w.WriteEndObject();
        w.WriteString(Op, op switch
        {
            ChangeOp.Read => "r",
            ChangeOp.Create => "c",
            ChangeOp.Update => "u",
            _ => "d",
        });
        w.WriteNumber(TsMs, nowMs);
        w.WriteEndObject();
        return Finish();
    }

    private void WriteRow(TableSchema table, ColumnValue[]? row)
    {
        if (row is null)
        {
            _writer.WriteNullValue();
            return;
        }
        _writer.WriteStartObject();
        for (var i = 0; i < table.Columns.Length && i < row.Length; i++)
        {
            if (row[i].Kind == ColumnValueKind.Absent) continue;
            _writer.WritePropertyName(table.Columns[i].Name);
            WriteValue(table, i, row[i]);
        }
        _writer.WriteEndObject();
    }

    private void WriteValue(TableSchema table, int index, ColumnValue value)
    {
        switch (value.Kind)
        {
            case ColumnValueKind.Text:
                WriteText(table, table.Columns[index], value.Text!);
                break;
            case ColumnValueKind.UnchangedToast:
                _writer.WriteStringValue(_placeholder);
                break;
            default:
                _writer.WriteNullValue();
                break;
        }
    }

    private void WriteText(TableSchema table, ColumnInfo column, string text)
    {
        try
        {
            if (column.Type.Kind != PgValueKind.Array)
            {
                // Scalar conversions parse before they write, so a failure leaves the writer untouched.
                JsonValueWriter.Write(_writer, column.Type, text);
                return;
            }
            _scratchBuffer.ResetWrittenCount();
            _scratch.Reset();
            JsonValueWriter.Write(_scratch, column.Type, text);
            _scratch.Flush();
            _writer.WriteRawValue(_scratchBuffer.WrittenSpan, skipInputValidation: true);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            // A value the mapping does not understand must not stop the stream (it would fail again on every
            // restart): it goes out as its text, and the column is reported once.
            if (_reportedFallbacks.Add((table.Table.ToString(), column.Name)))
                _logger.LogWarning(ex, "Column {Table}.{Column}: value {Value} does not convert as {Kind}; written as its text", table.Table, column.Name, text.Length > 100 ? text[..100] + "…" : text, column.Type.Kind);
            _writer.WriteStringValue(text);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _scratch.Dispose();
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
    }

    private byte[] Finish()
    {
        _writer.Flush();
        return _buffer.WrittenSpan.ToArray();
    }
}
