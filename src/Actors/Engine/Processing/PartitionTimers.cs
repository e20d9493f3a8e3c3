using Streaming.Streams.EventTime;

namespace Streaming.Engine.Processing;

/// <summary>
/// A partition's event-time timers (one per key at most) with only the next due range in memory: the backend holds them
/// all, ordered by (due, kind, key), and this loads them a page at a time as the watermark reaches the loaded range's
/// end, plus the changes made since the last checkpoint (which the next checkpoint writes). So a week of order
/// retention does not mean one timer per user on the heap. Pure bookkeeping over a loader: tested against a dictionary.
/// </summary>
public sealed class PartitionTimers
{
    private readonly Func<TimerCursor?, int, Task<IReadOnlyList<(EntityRef Entity, DateTimeOffset Due)>>> _load;
    private readonly int _pageSize;
    private readonly Dictionary<EntityRef, DateTimeOffset> _inMemory = [];
    private readonly Dictionary<EntityRef, DateTimeOffset?> _changes = [];
    private readonly Dictionary<EntityRef, DateTimeOffset?> _writing = [];
    private readonly SortedSet<(DateTimeOffset Due, EntityRef Entity)> _due = [];
    // Every stored timer at or before the cursor is in memory; null: none loaded yet; Loaded all: the end was reached.
    private TimerCursor? _cursor;
    private bool _allLoaded;

    /// <param name="load">Reads the backend's timers after a cursor (all when null), ordered by (due, kind, key), at most so many, as of the last stored checkpoint.</param>
    /// <param name="pageSize">How many stored timers are loaded at a time.</param>
    public PartitionTimers(Func<TimerCursor?, int, Task<IReadOnlyList<(EntityRef Entity, DateTimeOffset Due)>>> load, int pageSize)
    {
        _load = load;
        _pageSize = Math.Max(1, pageSize);
    }

    /// <summary>Timers held in memory (loaded, or changed and not yet stored).</summary>
    public int InMemory => _inMemory.Count;

    /// <summary>Starts over from the backend's timers (after the partition opened).</summary>
    public async Task OpenAsync()
    {
        _inMemory.Clear();
        _changes.Clear();
        _writing.Clear();
        _due.Clear();
        _cursor = null;
        _allLoaded = false;
        await LoadNextAsync();
    }

    /// <summary>The key's timer is now <paramref name="due"/> (null: none).</summary>
    public void Set(EntityRef entity, DateTimeOffset? due)
    {
        if (_inMemory.TryGetValue(entity, out var current))
        {
            if (current == due) return;
            _due.Remove((current, entity));
            _inMemory.Remove(entity);
        }
        _changes[entity] = due;
        if (due is { } time)
        {
            _inMemory[entity] = time;
            _due.Add((time, entity));
        }
    }

    /// <summary>
    /// The earliest due time of a pending timer, or null when none is pending; <paramref name="ifUnknown"/> when the
    /// backend may hold an earlier one than any in memory and none has been loaded yet.
    /// </summary>
    public DateTimeOffset? EarliestDue(DateTimeOffset ifUnknown)
    {
        DateTimeOffset? inMemory = _due.Count > 0 ? _due.Min.Due : null;
        if (_allLoaded) return inMemory;
        // Every stored timer up to the cursor is in memory; beyond it, none is earlier than the cursor.
        if (_cursor is not { } cursor) return ifUnknown;
        return inMemory is { } due && due < cursor.Due ? due : cursor.Due;
    }

    /// <summary>
    /// Removes and returns the keys whose timers are due at <paramref name="watermark"/> (in due order), loading further
    /// stored timers first while the loaded range ends at or before it. The caller sets each key's next timer.
    /// </summary>
    public async Task<IReadOnlyList<EntityRef>> PopDueAsync(DateTimeOffset watermark)
    {
        while (!_allLoaded && (_cursor is null || _cursor.Value.Due <= watermark)) await LoadNextAsync();
        var entities = new List<EntityRef>();
        while (_due.Count > 0 && _due.Min.Due <= watermark)
        {
            var (_, entity) = _due.Min;
            _due.Remove(_due.Min);
            _inMemory.Remove(entity);
            _changes[entity] = null;
            entities.Add(entity);
        }
        return entities;
    }

    /// <summary>A checkpoint begins: the changes since the last one, which it writes.</summary>
    public IReadOnlyList<(EntityRef Entity, DateTimeOffset? Due)> BeginCheckpoint()
    {
        var changes = _changes.Select(c => (c.Key, c.Value)).ToList();
        foreach (var (entity, due) in changes) _writing[entity] = due;
        _changes.Clear();
        return changes;
    }

    /// <summary>The checkpoint begun last was stored: the backend has its changes, so those beyond the loaded range leave memory.</summary>
    public void Landed()
    {
        foreach (var (entity, _) in _writing)
        {
            if (_changes.ContainsKey(entity) || !_inMemory.TryGetValue(entity, out var due) || WithinLoaded(entity, due)) continue;
            _inMemory.Remove(entity);
            _due.Remove((due, entity));
            // The backend now holds a timer beyond the loaded range: it is loaded when the watermark gets there.
            _allLoaded = false;
        }
        _writing.Clear();
    }

    /// <summary>The checkpoint begun last was not stored: its changes are changes again.</summary>
    public void Failed()
    {
        foreach (var (entity, due) in _writing) _changes.TryAdd(entity, due);
        _writing.Clear();
    }

    private bool WithinLoaded(EntityRef entity, DateTimeOffset due) =>
        _cursor is { } cursor && (due < cursor.Due || (due == cursor.Due && entity.CompareTo(cursor.Entity) <= 0));

    private async Task LoadNextAsync()
    {
        var page = await _load(_cursor, _pageSize);
        foreach (var (entity, due) in page)
        {
            // A change not yet stored is newer than what the backend holds.
            if (_changes.ContainsKey(entity) || _writing.ContainsKey(entity) || _inMemory.ContainsKey(entity)) continue;
            _inMemory[entity] = due;
            _due.Add((due, entity));
        }
        if (page.Count > 0) _cursor = new TimerCursor(page[^1].Due, page[^1].Entity);
        if (page.Count < _pageSize) _allLoaded = true;
    }
}

/// <summary>The last timer of a loaded page: the next page starts after it in (due, kind, key) order.</summary>
public readonly record struct TimerCursor(DateTimeOffset Due, EntityRef Entity);
