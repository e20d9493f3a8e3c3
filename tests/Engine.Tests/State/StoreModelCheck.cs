using System.Collections.Immutable;
using Streaming.Engine.State;
using Streaming.Engine.Tests.Support;

namespace Streaming.Engine.Tests.State;

/// <summary>
/// Runs a generated life of one partition on a SQL store and on <see cref="MemoryPartitionStore"/> (dictionaries, the
/// model) side by side and, after every step, compares everything the store answers: the checkpoint row, every key's
/// state, the timers in due order (whole and paged), the state count, and at each open the surviving result stamps.
/// A commit that crashes (its writer cancelled mid-transaction) must have happened entirely or not at all.
/// </summary>
public sealed class StoreModelCheck(Func<IPartitionStore> connect)
{
    public async Task RunAsync(IReadOnlyList<StoreOperation> life)
    {
        var partition = "p-" + Guid.NewGuid().ToString("N");
        var model = new MemoryPartitionStore();
        var store = connect();
        await store.InitializeAsync();
        try
        {
            foreach (var (operation, step) in life.Select((o, i) => (o, i)))
            {
                var what = $"step {step}: {operation}";
                switch (operation)
                {
                    case StoreOperation.Open open:
                        var expected = await model.OpenAsync(partition, "node-a", open.Fresh);
                        var actual = await store.OpenAsync(partition, "node-a", open.Fresh);
                        Assert.Equal(expected.Partition, actual.Partition);
                        Assert.Equal(Sorted(expected.Stamps), Sorted(actual.Stamps));
                        break;
                    case StoreOperation.Close close:
                        var epoch = (await model.ReadAsync(partition)).Epoch - (close.Stale ? 1 : 0);
                        await model.CloseAsync(partition, epoch);
                        await store.CloseAsync(partition, epoch);
                        break;
                    case StoreOperation.Commit commit:
                        await CommitAsync(model, store, partition, commit, what);
                        break;
                    case StoreOperation.Stamps stamps:
                        await model.SaveStampsAsync(partition, stamps.Made);
                        await store.SaveStampsAsync(partition, stamps.Made);
                        break;
                    case StoreOperation.Reset:
                        await model.ResetAsync(partition);
                        await store.ResetAsync(partition);
                        break;
                    case StoreOperation.Restart:
                        (store as IDisposable)?.Dispose();
                        store = connect();
                        break;
                }
                await AssertSameAsync(model, store, partition, what);
            }
        }
        finally
        {
            (store as IDisposable)?.Dispose();
        }
    }

    private static async Task CommitAsync(MemoryPartitionStore model, IPartitionStore store, string partition, StoreOperation.Commit commit, string what)
    {
        var before = await model.ReadAsync(partition);
        var write = StoreOperation.ToWrite(commit, partition, before.Epoch, before.Offset);
        if (commit.CrashAfterTicks is not { } ticks)
        {
            Assert.Equal(await model.CommitAsync(write), await store.CommitAsync(write));
            return;
        }

        using var dies = new CancellationTokenSource(TimeSpan.FromTicks(ticks));
        try
        {
            await store.CommitAsync(write, dies.Token);
        }
        catch (Exception e) when (dies.IsCancellationRequested && e is OperationCanceledException or System.Data.Common.DbException)
        {
        }
        // All or nothing: the row tells which, and the comparison after this step checks that every state and timer agrees.
        var after = await store.ReadAsync(partition);
        if (after.Offset == write.Offset) Assert.True(await model.CommitAsync(write), what);
        else Assert.Equal(before.Offset, after.Offset);
    }

    private static async Task AssertSameAsync(MemoryPartitionStore model, IPartitionStore store, string partition, string what)
    {
        Assert.True(Equals(await model.ReadAsync(partition), await store.ReadAsync(partition)), what + ": checkpoint row");
        foreach (var kind in StoreOperation.Kinds)
        {
            foreach (var key in StoreOperation.Keys)
            {
                var expected = await model.LoadAsync(new StateKey(partition, kind, key));
                var actual = await store.LoadAsync(new StateKey(partition, kind, key));
                Assert.True(Same(expected, actual), $"{what}: state of {kind}/{key}: expected {Show(expected)}, got {Show(actual)}");
            }
        }
        Assert.Equal(await model.CountStatesAsync(partition), await store.CountStatesAsync(partition));

        var timers = await model.TimersAsync(partition, null, int.MaxValue);
        Assert.Equal(timers, await store.TimersAsync(partition, null, 1000));
        var paged = new List<TimerRow>();
        TimerRow? cursor = null;
        while (await store.TimersAsync(partition, cursor, 2) is { Count: > 0 } page)
        {
            paged.AddRange(page);
            cursor = page[^1];
        }
        Assert.Equal(timers, paged);
    }

    private static bool Same(StoredState? x, StoredState? y) =>
        x is null ? y is null : y is not null && x.Bytes.AsSpan().SequenceEqual(y.Bytes) && x.AppliedOffset == y.AppliedOffset && x.ExpiresAt == y.ExpiresAt;

    private static string Show(StoredState? s) => s is null ? "none" : $"{Convert.ToHexString(s.Bytes)}@{s.AppliedOffset} until {s.ExpiresAt:O}";

    private static IReadOnlyList<string> Sorted(ImmutableArray<ResultStamp> stamps) =>
        [.. stamps.OrderBy(s => s.ResultId, StringComparer.Ordinal).Select(s => $"{s.ResultId} at {s.At:O} for offset {s.Offset}")];
}
