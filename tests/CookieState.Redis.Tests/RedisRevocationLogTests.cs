using System.Diagnostics;
using CookieState.Revocation.Replica;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CookieState.Redis.Tests;

/// <summary>The revocation log on a real redis-server: stamping, reading from a position, trimming, notices, history loss.</summary>
public sealed class RedisRevocationLogTests : IClassFixture<RedisFixture>
{
    private readonly RedisFixture _redis;

    public RedisRevocationLogTests(RedisFixture redis)
    {
        _redis = redis;
    }

    private RedisRevocationLog NewLog(TimeSpan? retention = null) =>
        new(_redis.Connection, "test-" + Guid.NewGuid().ToString("N")[..8] + ":", retention ?? Replicas.Retention);

    private static RevocationKey Key(string id) => RevocationKey.For(RevocationKind.Session, id);

    private async Task<DateTimeOffset> RedisNowAsync()
    {
        var time = await _redis.Connection.GetServer(_redis.Server.Configuration).TimeAsync();
        return new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }

    [Fact]
    public async Task An_append_is_stamped_with_Redis_time_and_read_back_from_a_position_with_the_epoch_and_head()
    {
        var log = NewLog();
        var before = await RedisNowAsync();

        var first = await log.AppendAsync(new RevocationAppend(RevocationKind.Session, Key("a"), Replicas.Retention), CancellationToken.None);
        var second = await log.AppendAsync(new RevocationAppend(RevocationKind.User, Key("b"), Replicas.Retention), CancellationToken.None);

        Assert.InRange(first.RevokedAt, before.AddSeconds(-1), before.AddSeconds(5));
        Assert.Equal(first.RevokedAt + Replicas.Retention, first.ExpiresAt);
        Assert.True(second.Position > first.Position);
        var all = await log.ReadAsync(RevocationLogPosition.Start, 100, CancellationToken.None);
        Assert.Equal([first, second], all.Records);
        Assert.Equal(second.Position, all.Next);
        Assert.Equal(second.Position, all.Head);
        Assert.False(all.HasMore);
        var rest = await log.ReadAsync(first.Position, 1, CancellationToken.None);
        Assert.Equal([second], rest.Records);
        Assert.True(rest.HasMore);
        Assert.Equal(all.Epoch, rest.Epoch);
    }

    [Fact]
    public async Task A_re_appended_record_keeps_its_times()
    {
        var log = NewLog();
        var revokedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);
        var expiresAt = revokedAt.AddMinutes(30);

        var stored = await log.AppendAsync(
            new RevocationAppend(RevocationKind.User, Key("kept"), Replicas.Retention, revokedAt, expiresAt), CancellationToken.None);

        Assert.Equal(revokedAt, stored.RevokedAt);
        Assert.Equal(expiresAt, stored.ExpiresAt);
    }

    [Fact]
    public async Task Trimming_drops_records_older_than_the_retention_and_keeps_the_rest()
    {
        var keep = NewLog();
        await keep.AppendAsync(new RevocationAppend(RevocationKind.Session, Key("live"), Replicas.Retention), CancellationToken.None);
        await keep.TrimAsync(CancellationToken.None);
        Assert.Single((await keep.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None)).Records);

        // A retention in the past: every record is older than it.
        var drop = NewLog(TimeSpan.FromSeconds(-5));
        var stored = await drop.AppendAsync(new RevocationAppend(RevocationKind.Session, Key("old"), Replicas.Retention), CancellationToken.None);
        await drop.TrimAsync(CancellationToken.None);
        var read = await drop.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None);
        Assert.Empty(read.Records);
        Assert.Equal(stored.Position, read.Head);
    }

    [Fact]
    public async Task Another_nodes_append_sends_a_notice()
    {
        var log = NewLog();
        var notified = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await log.SubscribeAsync(() => notified.TrySetResult(), CancellationToken.None);

        await log.AppendAsync(new RevocationAppend(RevocationKind.Session, Key("pushed"), Replicas.Retention), CancellationToken.None);

        await notified.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Replicas_on_two_nodes_share_revocations_through_the_stream()
    {
        var log = NewLog();
        var a = Replicas.Create(log);
        var b = Replicas.Create(log);
        await a.SyncAsync(CancellationToken.None);
        await b.SyncAsync(CancellationToken.None);

        await a.RevokeAsync("lineage-1");
        await a.RevokeUserAsync("alice");
        await b.SyncAsync(CancellationToken.None);

        Assert.True(await b.IsRevokedAsync("lineage-1"));
        Assert.False(await b.IsRevokedAsync("lineage-2"));
        Assert.True(await b.IsUserRevokedAsync("alice", DateTimeOffset.UtcNow.AddMinutes(-1)));
    }

    [Fact]
    public async Task When_Redis_loses_its_history_every_node_re_appends_what_it_holds()
    {
        var log = NewLog();
        var a = Replicas.Create(log);
        await a.SyncAsync(CancellationToken.None);
        await a.RevokeAsync("lineage-1");
        var epoch = (await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None)).Epoch;

        // As a restart without persistence would: the stream and its epoch key are gone.
        await _redis.Connection.GetDatabase().KeyDeleteAsync([log.StreamKey, log.EpochKey]);
        await a.SyncAsync(CancellationToken.None);
        var late = Replicas.Create(log);
        await late.SyncAsync(CancellationToken.None);

        Assert.NotEqual(epoch, (await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None)).Epoch);
        Assert.True(await late.IsRevokedAsync("lineage-1"));
    }

    [Fact]
    public async Task In_a_host_a_revocation_reaches_the_other_node_within_the_propagation_bound()
    {
        var prefix = "farm-" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var node1 = await StartNodeAsync(prefix);
        await using var node2 = await StartNodeAsync(prefix);
        var replica1 = node1.Services.GetRequiredService<ICookieStateRevocation>();
        var replica2 = node2.Services.GetRequiredService<ICookieStateRevocation>();
        Assert.IsType<RevocationReplica>(replica2);
        Assert.False(await replica2.IsRevokedAsync("signed-out"));

        var clock = Stopwatch.StartNew();
        await replica1.RevokeAsync("signed-out");
        Assert.True(await replica1.IsRevokedAsync("signed-out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!await replica2.IsRevokedAsync("signed-out"))
        {
            await Task.Delay(5, timeout.Token);
        }

        // Pushed by the notice, or polled every half second: well under the bound of one second, with room for a busy machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"Propagation took {clock.Elapsed}.");
    }

    private async Task<WebApplication> StartNodeAsync(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddCookieState();
        builder.Services.AddCookieStateRevocation(o => o.KeyPrefix = prefix).UseRedis(_redis.Connection);
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
