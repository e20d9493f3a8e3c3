namespace Streaming.Streams.Cdc;

/// <summary>
/// Assigns <see cref="SnapshotMarker"/> values to snapshot rows as they are read. Whether a row is the last of its
/// table or of the whole snapshot is known only when the next row (or the end) arrives, so one row is held back.
/// </summary>
/// <typeparam name="T">The row.</typeparam>
internal sealed class SnapshotSequencer<T>
{
    private bool _hasPending;
    private T _pending = default!;
    private int _pendingTable;
    private bool _pendingFirstInSnapshot;
    private bool _pendingFirstInTable;
    private bool _seenAny;
    private int _lastTable = -1;

    /// <summary>Adds the next row (tables in reading order, rows of a table together); returns the row before it,
    /// now that its marker is known.</summary>
    public (T Row, string Marker)? Add(T row, int table)
    {
        (T, string)? released = null;
        if (_hasPending)
            released = (_pending, SnapshotMarker.Of(_pendingFirstInSnapshot, false, _pendingFirstInTable, lastInTable: table != _pendingTable));
        _pending = row;
        _pendingTable = table;
        _pendingFirstInSnapshot = !_seenAny;
        _pendingFirstInTable = table != _lastTable;
        _hasPending = true;
        _seenAny = true;
        _lastTable = table;
        return released;
    }

    /// <summary>The held-back row, which is the last of the snapshot; null when there were no rows.</summary>
    public (T Row, string Marker)? Complete()
    {
        if (!_hasPending) return null;
        _hasPending = false;
        return (_pending, SnapshotMarker.Of(_pendingFirstInSnapshot, true, _pendingFirstInTable, true));
    }
}
