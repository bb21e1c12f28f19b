using CookieState.Revocation.Replica;
using CookieState.Tests.Properties;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>
/// For any interleaving of revocations, reads, trims, duplicate deliveries, out-of-order commits, history loss with
/// re-seeding, outages and node restarts: a replica never forgets a live revocation it held (until its first expiry), never
/// answers "revoked" past the latest expiry any record of it had, and once the log answers again every node converges on
/// every live revocation that the log or a running node still held.
/// </summary>
public sealed class ReplicaPropertyTests
{
    [CookieStateProperty]
    public void A_replica_never_forgets_a_live_revocation_and_never_keeps_one_past_its_expiry(ReplicaOp[] ops)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero));
        var log = new FakeRevocationLog(clock);
        var nodes = Enumerable.Range(0, ReplicaOp.Nodes).Select(_ => ReplicaFactory.Create(log, clock)).ToArray();
        var held = Enumerable.Range(0, ReplicaOp.Nodes).Select(_ => new HashSet<string>(StringComparer.Ordinal)).ToArray();
        var revocations = new Dictionary<string, Revocation>(StringComparer.Ordinal);
        var step = 0;

        foreach (var op in ops)
        {
            step++;
            var node = nodes[op.Node];
            switch (op.Kind)
            {
                case ReplicaOpKind.Revoke:
                    var kind = op.Flag ? RevocationKind.User : RevocationKind.Session;
                    var id = $"{kind}-{step}";
                    revocations[id] = new Revocation(kind, RevocationKey.For(kind, id), clock.GetUtcNow() + ReplicaFactory.Retention);
                    var record = kind == RevocationKind.Session ? node.RevokeAsync(id) : node.RevokeUserAsync(id);
                    Assert.True(record.IsCompletedSuccessfully, "Recording never fails the caller, whatever the log does.");
                    break;
                case ReplicaOpKind.Sync:
                    Sync(node);
                    break;
                case ReplicaOpKind.HoldBackCommits:
                    log.HoldBackCommits = op.Flag;
                    break;
                case ReplicaOpKind.Commit:
                    log.Commit(op.Value);
                    break;
                case ReplicaOpKind.Duplicate:
                    log.DuplicatesOnNextRead = 1 + (op.Value % 5);
                    break;
                case ReplicaOpKind.Trim:
                    _ = log.TrimAsync(CancellationToken.None);
                    break;
                case ReplicaOpKind.LoseHistory:
                    // The epoch key lives beside the log and is lost with it; positions may restart below what nodes applied, or not.
                    log.LoseHistory(newEpoch: true, positionsRestart: op.Flag);
                    break;
                case ReplicaOpKind.Restart:
                    nodes[op.Node] = ReplicaFactory.Create(log, clock);
                    held[op.Node].Clear();
                    break;
                case ReplicaOpKind.Advance:
                    clock.Advance(TimeSpan.FromSeconds(1 + op.Value));
                    break;
                case ReplicaOpKind.ToggleOutage:
                    log.Down = !log.Down;
                    break;
            }

            Check(nodes, held, revocations, log, clock, $"after step {step} ({op})");
        }

        // The log answers again and every held-back commit lands: two rounds on every node let each one detect a lost
        // history, re-append what it holds, and read what the others re-appended.
        log.Down = false;
        log.HoldBackCommits = false;
        log.CommitAll();
        var survivors = held.SelectMany(h => h).Concat(
            revocations.Where(r => log.Visible.Any(v => v.Key == r.Value.Key)).Select(r => r.Key)).ToHashSet(StringComparer.Ordinal);
        for (var round = 0; round < 2; round++)
        {
            foreach (var node in nodes)
            {
                Sync(node);
            }
        }

        Check(nodes, held, revocations, log, clock, "after convergence");
        var now = clock.GetUtcNow();
        foreach (var id in survivors.Where(id => now < revocations[id].FirstExpiry))
        {
            for (var n = 0; n < nodes.Length; n++)
            {
                Assert.True(nodes[n].Answer(revocations[id].Kind, id) == true,
                    $"Node {n} does not enforce live revocation {id} after convergence. Ops: {string.Join(", ", ops.Select(o => o.ToString()))}");
            }
        }
    }

    private static void Sync(RevocationReplica node)
    {
        try
        {
            var sync = node.SyncAsync(CancellationToken.None);
            Assert.True(sync.IsCompleted, "The fake log answers synchronously.");
            sync.GetAwaiter().GetResult();
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("fake log is down", StringComparison.Ordinal))
        {
        }
    }

    private static void Check(
        RevocationReplica[] nodes,
        HashSet<string>[] held,
        Dictionary<string, Revocation> revocations,
        FakeRevocationLog log,
        FakeTimeProvider clock,
        string when)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, revocation) in revocations)
        {
            // Any record of it may have lengthened it (a retry stores now + retention again); none may be exceeded.
            var latestExpiry = log.History.Where(r => r.Key == revocation.Key).Select(r => r.ExpiresAt).Append(revocation.FirstExpiry).Max();
            for (var n = 0; n < nodes.Length; n++)
            {
                var answer = nodes[n].Answer(revocation.Kind, id);
                if (answer == true)
                {
                    Assert.True(now < latestExpiry, $"Node {n} keeps {id} past its expiry {latestExpiry:O} (now {now:O}), {when}.");
                    held[n].Add(id);
                }
                else if (held[n].Contains(id))
                {
                    Assert.False(now < revocation.FirstExpiry, $"Node {n} forgot live revocation {id} (answer {answer?.ToString() ?? "unavailable"}), {when}.");
                    held[n].Remove(id);
                }
            }
        }
    }

    private sealed record Revocation(RevocationKind Kind, RevocationKey Key, DateTimeOffset FirstExpiry);
}
