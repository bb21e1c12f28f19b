using CookieState.Revocation.Replica;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>
/// The replica's memory per entry, measured on the managed heap. Alone in its collection, with parallelization off, so
/// that no other test allocates while it measures.
/// </summary>
[Collection(ReplicaMemoryCollection.Name)]
public sealed class ReplicaMemoryTests
{
    [Fact]
    public void One_million_entries_take_less_than_64_MB()
    {
        const int Entries = 1_000_000;
        var now = DateTimeOffset.UtcNow;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var table = new RevocationTable();
        for (var i = 0; i < Entries; i++)
        {
            table.Apply(new RevocationRecord(RevocationKind.Session, RevocationKey.For(RevocationKind.Session, "lineage-" + i), now, now.AddHours(1)));
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var bytesPerEntry = (after - before) / (double)Entries;

        Assert.Equal(Entries, table.Count);
        Assert.True(after - before < 64L * 1024 * 1024, $"{Entries} entries took {(after - before) / 1024.0 / 1024.0:0.0} MB ({bytesPerEntry:0.0} bytes an entry).");
        GC.KeepAlive(table);
        Console.WriteLine($"Revocation replica: {Entries} entries, {(after - before) / 1024.0 / 1024.0:0.0} MB, {bytesPerEntry:0.0} bytes an entry.");
    }
}
