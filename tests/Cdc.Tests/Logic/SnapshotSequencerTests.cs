using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Streaming.Streams.Cdc.Tests.Logic;

/// <summary><see cref="SnapshotSequencer{T}"/> (one row of look-ahead) against markers computed from the whole list.</summary>
public sealed class SnapshotSequencerTests
{
    [Property(MaxTest = 500)]
    public Property Markers_equal_those_computed_from_the_whole_snapshot() =>
        Prop.ForAll(Gen.Choose(0, 4).ListOf().Where(l => l.Count <= 6).ToArbitrary(), rowsPerTable =>
        {
            var rows = rowsPerTable.SelectMany((count, table) => Enumerable.Range(0, count).Select(i => (Table: table, Id: $"{table}/{i}"))).ToList();
            var expected = rows.Select((r, i) =>
            {
                var first = i == 0;
                var last = i == rows.Count - 1;
                var firstInTable = i == 0 || rows[i - 1].Table != r.Table;
                var lastInTable = i == rows.Count - 1 || rows[i + 1].Table != r.Table;
                var marker = last ? "last" : first ? "first" : lastInTable ? "last_in_data_collection" : firstInTable ? "first_in_data_collection" : "true";
                return (r.Id, marker);
            }).ToList();

            var sequencer = new SnapshotSequencer<string>();
            var actual = new List<(string, string)>();
            foreach (var r in rows)
                if (sequencer.Add(r.Id, r.Table) is { } released) actual.Add((released.Row, released.Marker));
            if (sequencer.Complete() is { } last) actual.Add((last.Row, last.Marker));
            return actual.SequenceEqual(expected);
        });

    [Fact]
    public void An_empty_snapshot_releases_nothing() => Assert.Null(new SnapshotSequencer<string>().Complete());
}
