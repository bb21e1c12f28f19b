using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CookieState.PostgreSql.Tests;

/// <summary>The revocation log on a real PostgreSQL: now() stamps, commit-safe positions, trims, LISTEN notices, replicas.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRevocationLogTests(PostgresFixture fixture)
{
    private static readonly TimeSpan Retention = TimeSpan.FromMinutes(21);
    private static readonly ServiceProvider Metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private static RevocationKey Key(string id) => RevocationKey.For(RevocationKind.Session, id);

    private static RevocationAppend NewRecord(string id) => new(RevocationKind.Session, Key(id), Retention);

    private static RevocationReplica Replica(IRevocationLog log)
    {
        var session = Microsoft.Extensions.Options.Options.Create(new CookieStateOptions { AbsoluteTimeout = TimeSpan.FromMinutes(20), MaxClockSkew = TimeSpan.FromMinutes(1) });
        return new RevocationReplica(
            log,
            new SessionLifetime(session, TimeProvider.System),
            Microsoft.Extensions.Options.Options.Create(new CookieStateRevocationOptions()),
            TimeProvider.System,
            new CookieStateMetrics(Metrics.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()),
            NullLoggerFactory.Instance);
    }

    [Fact]
    public async Task An_append_is_stamped_with_the_servers_clock_and_read_back_in_position_order()
    {
        var cs = await fixture.Server.CreateDatabaseAsync();
        await using var log = new PostgreSqlRevocationLog(cs);
        var before = await TestDatabase.ScalarAsync<DateTime>(cs, "SELECT now()");

        var first = await log.AppendAsync(NewRecord("a"), CancellationToken.None);
        var second = await log.AppendAsync(NewRecord("b"), CancellationToken.None);
        var read = await log.ReadAsync(RevocationLogPosition.Start, 100, CancellationToken.None);

        Assert.True(first.RevokedAt >= new DateTimeOffset(before, TimeSpan.Zero));
        Assert.Equal(first.RevokedAt + Retention, first.ExpiresAt);
        Assert.True(second.Position > first.Position);
        Assert.Equal([first, second], read.Records);
        Assert.Equal(second.Position, read.Next);
        Assert.False(read.HasMore);
        Assert.True(read.Head >= read.Next);
        Assert.Equal(read.Epoch, (await log.ReadAsync(read.Next, 100, CancellationToken.None)).Epoch);
    }

    [Fact]
    public async Task A_reader_never_skips_a_row_whose_transaction_commits_after_a_later_one()
    {
        var cs = await fixture.Server.CreateDatabaseAsync();
        await using var log = new PostgreSqlRevocationLog(cs);
        await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None);

        // A slow transaction takes its id and inserts first, then a quick one commits before it.
        await using var slow = new NpgsqlConnection(cs);
        await slow.OpenAsync();
        await using var transaction = await slow.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {PostgreSqlRevocationLog.TableName} (kind, key, revoked_at, expires_at) VALUES (1, '{Key("slow")}', now(), now() + interval '21 minutes')",
            slow, transaction))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var quick = await log.AppendAsync(NewRecord("quick"), CancellationToken.None);
        var whileOpen = await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None);
        Assert.Empty(whileOpen.Records);
        Assert.Equal(RevocationLogPosition.Start, whileOpen.Next);

        await transaction.CommitAsync();
        var after = await log.ReadAsync(whileOpen.Next, 10, CancellationToken.None);

        Assert.Equal([Key("slow"), Key("quick")], after.Records.Select(r => r.Key));
        Assert.Equal(quick.Position, after.Next);
    }

    [Fact]
    public async Task Trimming_deletes_expired_rows_only()
    {
        var cs = await fixture.Server.CreateDatabaseAsync();
        await using var log = new PostgreSqlRevocationLog(cs);
        await log.AppendAsync(NewRecord("live"), CancellationToken.None);
        var past = DateTimeOffset.UtcNow.AddHours(-2);
        await log.AppendAsync(new RevocationAppend(RevocationKind.Session, Key("expired"), Retention, past, past.AddMinutes(1)), CancellationToken.None);

        await log.TrimAsync(CancellationToken.None);

        var read = await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None);
        Assert.Equal([Key("live")], read.Records.Select(r => r.Key));
    }

    [Fact]
    public async Task An_append_sends_a_notice_to_listeners()
    {
        var cs = await fixture.Server.CreateDatabaseAsync();
        await using var log = new PostgreSqlRevocationLog(cs);
        await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None);
        var notices = 0;
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await log.SubscribeAsync(
            () =>
            {
                // The first notice is the listener's own, once LISTEN is in place; the second is the append's.
                if (Interlocked.Increment(ref notices) == 2)
                {
                    second.TrySetResult();
                }
            },
            CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Volatile.Read(ref notices) == 0)
        {
            await Task.Delay(5, timeout.Token);
        }

        await log.AppendAsync(NewRecord("pushed"), CancellationToken.None);

        await second.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Replicas_on_two_nodes_share_revocations_through_the_table()
    {
        var cs = await fixture.Server.CreateDatabaseAsync();
        await using var log1 = new PostgreSqlRevocationLog(cs);
        await using var log2 = new PostgreSqlRevocationLog(cs);
        var a = Replica(log1);
        var b = Replica(log2);
        await a.SyncAsync(CancellationToken.None);
        await b.SyncAsync(CancellationToken.None);

        await a.RevokeAsync("lineage-1");
        await a.RevokeUserAsync("alice");
        await b.SyncAsync(CancellationToken.None);

        Assert.True(await b.IsRevokedAsync("lineage-1"));
        Assert.False(await b.IsRevokedAsync("lineage-2"));
        Assert.True(await b.IsUserRevokedAsync("alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }
}
