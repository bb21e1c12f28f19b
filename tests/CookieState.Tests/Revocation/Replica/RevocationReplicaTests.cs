using CookieState.Diagnostics;
using CookieState.HealthChecks;
using CookieState.Revocation.Replica;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>The replica on a fake clock and a fake log: start-up, staleness, the entry cap, outages, shutdown, users.</summary>
public sealed class RevocationReplicaTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));

    private static Task Sync(RevocationReplica replica) => replica.SyncAsync(CancellationToken.None);

    private static HealthCheckResult Readiness(RevocationReplica replica)
    {
        var check = new RevocationReplicaHealthCheck(replica);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(RevocationReplicaHealthCheck.Name, check, HealthStatus.Unhealthy, ["ready"]),
        };
        return check.CheckHealthAsync(context).GetAwaiter().GetResult();
    }

    [Fact]
    public async Task Until_the_live_set_is_loaded_live_answers_are_unavailable_and_readiness_says_loading()
    {
        var log = new FakeRevocationLog(_clock);
        var writer = ReplicaFactory.Create(log, _clock);
        await Sync(writer);
        await writer.RevokeAsync("lineage-1");
        var replica = ReplicaFactory.Create(log, _clock);

        Assert.Equal(RevocationReplicaStatus.Loading, replica.Status);
        Assert.Null(replica.Answer(RevocationKind.Session, "lineage-2"));
        Assert.IsType<RevocationReplicaUnavailableException>(replica.IsRevokedAsync("lineage-2").Exception?.InnerException);
        var loading = Readiness(replica);
        Assert.Equal(HealthStatus.Unhealthy, loading.Status);
        Assert.Contains("loading", loading.Description, StringComparison.Ordinal);

        await Sync(replica);

        Assert.Equal(RevocationReplicaStatus.Ready, replica.Status);
        Assert.True(replica.Answer(RevocationKind.Session, "lineage-1"));
        Assert.False(replica.Answer(RevocationKind.Session, "lineage-2"));
        Assert.Equal(HealthStatus.Healthy, Readiness(replica).Status);
    }

    [Fact]
    public async Task During_an_outage_the_replica_enforces_what_it_has_and_past_MaxStaleness_live_answers_become_unavailable()
    {
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock, o => o.MaxStaleness = TimeSpan.FromSeconds(30));
        await replica.RevokeAsync("revoked");
        await Sync(replica);
        log.Down = true;

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Sync(replica));
        Assert.False(replica.Answer(RevocationKind.Session, "live"));
        Assert.Equal(RevocationReplicaStatus.Ready, replica.Status);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(RevocationReplicaStatus.Stale, replica.Status);
        Assert.Null(replica.Answer(RevocationKind.Session, "live"));
        Assert.True(replica.Answer(RevocationKind.Session, "revoked"));
        var stale = Readiness(replica);
        Assert.Equal(HealthStatus.Unhealthy, stale.Status);
        Assert.Contains("MaxStaleness", stale.Description, StringComparison.Ordinal);

        log.Down = false;
        await Sync(replica);
        Assert.Equal(RevocationReplicaStatus.Ready, replica.Status);
        Assert.False(replica.Answer(RevocationKind.Session, "live"));
    }

    [Fact]
    public async Task A_flood_past_MaxEntries_evicts_nothing_and_makes_the_node_unready_until_entries_expire()
    {
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock, o => o.MaxEntries = 100);
        var other = ReplicaFactory.Create(log, _clock, o => o.MaxEntries = 100);
        await Sync(replica);
        for (var i = 0; i < 150; i++)
        {
            await replica.RevokeAsync("flood-" + i);
        }

        await Sync(replica);
        await Sync(other);

        foreach (var node in new[] { replica, other })
        {
            Assert.Equal(RevocationReplicaStatus.OverCapacity, node.Status);
            Assert.All(Enumerable.Range(0, 150), i => Assert.True(node.Answer(RevocationKind.Session, "flood-" + i)));
            Assert.Null(node.Answer(RevocationKind.Session, "not-revoked"));
            var result = Readiness(node);
            Assert.Equal(HealthStatus.Unhealthy, result.Status);
            Assert.Contains("MaxEntries", result.Description, StringComparison.Ordinal);
        }

        _clock.Advance(ReplicaFactory.Retention + RevocationReplica.TrimInterval);
        await Sync(replica);

        Assert.Equal(0, replica.Count);
        Assert.Equal(RevocationReplicaStatus.Ready, replica.Status);
        Assert.Empty(log.Visible);
    }

    [Fact]
    public async Task A_revocation_the_log_cannot_take_is_enforced_at_once_retried_and_reaches_other_nodes_once_stored()
    {
        var log = new FakeRevocationLog(_clock);
        var recorder = ReplicaFactory.Create(log, _clock);
        var other = ReplicaFactory.Create(log, _clock);
        await Sync(recorder);
        await Sync(other);
        log.Down = true;

        var record = recorder.RevokeAsync("during-outage");

        Assert.True(record.IsCompletedSuccessfully);
        Assert.True(recorder.Answer(RevocationKind.Session, "during-outage"));
        Assert.Equal(1, recorder.Unsent);
        await Assert.ThrowsAnyAsync<InvalidOperationException>(() => Sync(recorder));
        Assert.Equal(1, recorder.Unsent);

        log.Down = false;
        await Sync(recorder);
        await Sync(other);

        Assert.Equal(0, recorder.Unsent);
        Assert.Single(log.Visible);
        Assert.True(other.Answer(RevocationKind.Session, "during-outage"));
    }

    [Fact]
    public async Task A_log_that_refuses_appends_but_answers_reads_keeps_the_node_fresh_and_the_record_pending()
    {
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock);
        var other = ReplicaFactory.Create(log, _clock);
        await Sync(replica);
        await Sync(other);
        log.AppendsFail = true;
        await replica.RevokeAsync("pending");

        _clock.Advance(TimeSpan.FromSeconds(40));
        await Sync(replica);

        Assert.Equal(RevocationReplicaStatus.Ready, replica.Status);
        Assert.Equal(1, replica.Unsent);
        Assert.True(replica.Answer(RevocationKind.Session, "pending"));

        log.AppendsFail = false;
        await Sync(replica);
        await Sync(other);
        Assert.Equal(0, replica.Unsent);
        Assert.True(other.Answer(RevocationKind.Session, "pending"));
    }

    [Fact]
    public async Task An_unsent_record_is_dropped_once_it_expires_since_no_cookie_it_refuses_is_valid_any_more()
    {
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock);
        await Sync(replica);
        log.Down = true;
        await replica.RevokeAsync("expiring");

        _clock.Advance(ReplicaFactory.Retention);
        log.Down = false;
        await Sync(replica);

        Assert.Equal(0, replica.Unsent);
        Assert.Empty(log.History);
        Assert.False(replica.Answer(RevocationKind.Session, "expiring"));
    }

    [Fact]
    public async Task At_shutdown_every_record_still_unsent_is_logged_as_an_error()
    {
        var sink = new TestLogSink();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(sink));
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock, loggerFactory: loggers);
        await Sync(replica);
        log.Down = true;
        await replica.RevokeAsync("a");
        await replica.RevokeUserAsync("alice");

        await replica.FinalFlushAsync(CancellationToken.None);

        var unsent = sink.Entries.Where(e => e.EventId.Id == CookieStateEventIds.RevocationRecordUnsent).ToList();
        Assert.Equal(2, unsent.Count);
        Assert.All(unsent, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.DoesNotContain(sink.Entries, e => e.Message.Contains("alice", StringComparison.Ordinal) && e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task A_last_flush_at_shutdown_stores_what_the_log_takes_by_then()
    {
        var log = new FakeRevocationLog(_clock);
        var replica = ReplicaFactory.Create(log, _clock);
        await Sync(replica);
        log.Down = true;
        await replica.RevokeAsync("a");
        log.Down = false;

        await replica.FinalFlushAsync(CancellationToken.None);

        Assert.Equal(0, replica.Unsent);
        Assert.Single(log.Visible);
    }

    [Fact]
    public async Task Expiry_is_fixed_on_the_engines_clock_and_covers_the_absolute_timeout_plus_the_clock_skew()
    {
        // The engine runs 3 minutes ahead of the nodes.
        var log = new FakeRevocationLog(_clock, TimeSpan.FromMinutes(3));
        var replica = ReplicaFactory.Create(log, _clock);
        await Sync(replica);
        await replica.RevokeAsync("lineage");

        var stored = Assert.Single(log.Visible);
        Assert.Equal(log.EngineNow, stored.RevokedAt);
        Assert.Equal(log.EngineNow + ReplicaFactory.AbsoluteTimeout + ReplicaFactory.MaxClockSkew, stored.ExpiresAt);

        var other = ReplicaFactory.Create(log, _clock);
        await Sync(other);
        _clock.Advance(ReplicaFactory.Retention - TimeSpan.FromSeconds(1));
        await Sync(other);
        Assert.True(other.Answer(RevocationKind.Session, "lineage"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(other.Answer(RevocationKind.Session, "lineage"));
    }

    [Fact]
    public async Task A_user_revocation_refuses_sessions_bound_at_or_before_its_engine_time_only()
    {
        // The engine's clock is 10 seconds ahead: "bound before revoked" compares with the engine's revocation time.
        var log = new FakeRevocationLog(_clock, TimeSpan.FromSeconds(10));
        var recorder = ReplicaFactory.Create(log, _clock);
        var other = ReplicaFactory.Create(log, _clock);
        await Sync(recorder);
        var revokedAt = log.EngineNow;
        await recorder.RevokeUserAsync("alice");
        await Sync(other);

        foreach (var node in new[] { recorder, other })
        {
            Assert.True(await node.IsUserRevokedAsync("alice", revokedAt - TimeSpan.FromMinutes(1)));
            Assert.True(await node.IsUserRevokedAsync("alice", revokedAt));
            Assert.False(await node.IsUserRevokedAsync("alice", revokedAt + TimeSpan.FromMilliseconds(1)));
            Assert.False(await node.IsUserRevokedAsync("bob", revokedAt - TimeSpan.FromMinutes(1)));
        }
    }

    [Fact]
    public async Task A_log_that_lost_its_history_is_reseeded_by_every_node_with_the_original_expiries()
    {
        var log = new FakeRevocationLog(_clock);
        var a = ReplicaFactory.Create(log, _clock);
        var b = ReplicaFactory.Create(log, _clock);
        await Sync(a);
        await a.RevokeAsync("lineage");
        await a.RevokeUserAsync("alice");
        await Sync(b);
        var before = log.Visible.ToDictionary(r => r.Key);

        log.LoseHistory(newEpoch: true, positionsRestart: true);
        await Sync(b);
        var late = ReplicaFactory.Create(log, _clock);
        await Sync(late);

        Assert.True(late.Answer(RevocationKind.Session, "lineage"));
        Assert.True(late.Answer(RevocationKind.User, "alice"));
        foreach (var record in log.Visible)
        {
            Assert.Equal(before[record.Key].ExpiresAt, record.ExpiresAt);
            Assert.Equal(before[record.Key].Kind == RevocationKind.User ? before[record.Key].RevokedAt : record.RevokedAt, record.RevokedAt);
        }
    }

    [Fact]
    public async Task Duplicate_deliveries_and_commits_out_of_order_leave_the_replica_complete()
    {
        var log = new FakeRevocationLog(_clock);
        var writer = ReplicaFactory.Create(log, _clock);
        var reader = ReplicaFactory.Create(log, _clock);
        await Sync(writer);
        await Sync(reader);

        log.HoldBackCommits = true;
        await writer.RevokeAsync("first");
        log.HoldBackCommits = false;
        await writer.RevokeAsync("second");
        await Sync(reader);

        // "second" committed, but below it "first" has not: the reader must not skip past it.
        Assert.False(reader.Answer(RevocationKind.Session, "second"));
        log.Commit(0);
        log.DuplicatesOnNextRead = 5;
        await Sync(reader);

        Assert.True(reader.Answer(RevocationKind.Session, "first"));
        Assert.True(reader.Answer(RevocationKind.Session, "second"));
        Assert.Equal(2, reader.Count);
    }
}
