using System.Diagnostics;
using System.Globalization;
using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>
/// The revocation replica in a farm: three sample nodes with <c>Session:RevocationReplica</c> (Redis mode, or a PostgreSQL
/// key ring and log), behind nginx.
/// Users sign out on node 1 while a copy of their cookie is replayed straight to nodes 2 and 3 every 50 ms; every replay
/// answered more than <c>MaxPropagationDelay</c> (1 s) after the sign-out returned must be refused.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class ReplicaFarmTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int SignOuts = 10;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReplayInterval = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData("Redis")]
    [InlineData("PostgreSql")]
    public async Task A_sign_out_on_node_1_is_refused_on_nodes_2_and_3_within_the_propagation_bound(string engine)
    {
        await using var redis = await RedisTestServer.StartAsync();
        Dictionary<string, string> settings;
        if (engine == "Redis")
        {
            await RedisFarm.InitKeyRingAsync(redis);
            settings = RedisFarm.NodeSettings(redis, "CookieState");
        }
        else
        {
            settings = new Dictionary<string, string>
            {
                ["Session__Store"] = "CookieState",
                ["DataProtection__ApplicationName"] = "cookiestate-farm",
                ["DataProtection__PostgreSql"] = await postgres.Server.CreateDatabaseAsync(),
                ["Logging__LogLevel__CookieState"] = "Information",
            };
        }

        settings["Session__RevocationReplica"] = "true";
        await using var farm = await LocalFarm.StartAsync(3, settings);
        Assert.All(farm.Nodes, node => Assert.Contains(node.Output, line => line.Contains("revocation replica loaded", StringComparison.Ordinal)));
        var delays = new List<double>();

        for (var user = 0; user < SignOuts; user++)
        {
            using var browser = new FarmBrowser(farm.Nodes[0].BaseAddress);
            await browser.IncrementAsync();
            await browser.SignInAsync("user" + user.ToString(CultureInfo.InvariantCulture));
            await browser.IncrementAsync();
            var copy = browser.SessionCookieHeader;
            foreach (var node in farm.Nodes.Skip(1))
            {
                Assert.False((await FarmBrowser.ReplayAsync(node.BaseAddress, copy)).CookieExpired, $"{node.Name} refused a live session");
            }

            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var signedOutAt = TimeSpan.MaxValue;
            var replays = farm.Nodes.Skip(1).Select(node => ReplayUntilRefusedAsync(node.BaseAddress, copy, clock, () => signedOutAt, stop.Token)).ToArray();
            await browser.SignOutAsync();
            signedOutAt = clock.Elapsed;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var refusedAt = await Task.WhenAll(replays).WaitAsync(timeout.Token);
            foreach (var (node, at) in farm.Nodes.Skip(1).Zip(refusedAt))
            {
                // A replay that left before the sign-out returned may still be refused: that counts as no delay.
                var delay = at.LastAccepted is { } accepted && accepted > signedOutAt ? accepted - signedOutAt : TimeSpan.Zero;
                Assert.True(delay <= Bound, $"{node.Name} accepted a signed-out cookie {delay.TotalMilliseconds:0} ms after the sign-out");
                delays.Add((at.FirstRefused - signedOutAt).TotalMilliseconds);
            }
        }

        delays.Sort();
        var p50 = delays[(delays.Count - 1) / 2];
        var p99 = delays[(int)Math.Ceiling(delays.Count * 0.99) - 1];
        output.WriteLine($"Revocation replica on {engine}, {delays.Count} sign-out/node pairs: first refused replay after the sign-out returned, p50 {p50:0} ms, p99 {p99:0} ms, max {delays[^1]:0} ms (replays every {ReplayInterval.TotalMilliseconds:0} ms).");
        farm.SaveNodeLogs("replica-" + engine);
    }

    [Fact]
    public async Task Revocations_survive_a_Redis_restart_a_node_restart_and_a_lost_history_through_re_seeding()
    {
        await using var redis = await RedisTestServer.StartAsync();
        await RedisFarm.InitKeyRingAsync(redis);
        var settings = RedisFarm.NodeSettings(redis, "CookieState");
        settings["Session__RevocationReplica"] = "true";
        await using var farm = await LocalFarm.StartAsync(3, settings);
        using var signedOut = new FarmBrowser(farm.Nodes[0].BaseAddress);
        await signedOut.IncrementAsync();
        await signedOut.SignInAsync("ada");
        var revoked = signedOut.SessionCookieHeader;
        await signedOut.SignOutAsync();
        using var live = new FarmBrowser(farm.Nodes[0].BaseAddress);
        await live.IncrementAsync();
        var liveCookie = live.SessionCookieHeader;
        await AssertEverywhereAsync(farm, revoked, liveCookie, "after the sign-out");

        // A graceful Redis restart (persistence on), then a node restart: the restarted node loads the stream.
        await redis.StopAsync();
        await redis.StartAgainAsync();
        await farm.Nodes[1].KillAsync();
        await farm.Nodes[1].StartAsync();
        await AssertEverywhereAsync(farm, revoked, liveCookie, "after Redis and node2 restarted");

        // History lost, as Redis without persistence would lose it: the stream and its epoch key are gone. Running nodes
        // see the epoch change on their next read and re-append what they hold; a node started afterwards loads it.
        Assert.Equal(":2", await redis.ExecuteAsync("DEL", "{CookieState:revocations}", "{CookieState:revocations}:epoch"));
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            while (await redis.ExecuteAsync("XLEN", "{CookieState:revocations}") == ":0")
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        await farm.Nodes[2].KillAsync();
        await farm.Nodes[2].StartAsync();
        await AssertEverywhereAsync(farm, revoked, liveCookie, "after the history was lost and node3 restarted");
        Assert.Contains(farm.Nodes.Take(2).SelectMany(n => n.Output), line => line.Contains("lost its history", StringComparison.Ordinal));
        farm.SaveNodeLogs("replica-restarts");
    }

    private static async Task AssertEverywhereAsync(LocalFarm farm, string revoked, string live, string when)
    {
        foreach (var node in farm.Nodes)
        {
            var (value, expired) = await FarmBrowser.ReplayAsync(node.BaseAddress, revoked);
            Assert.True(value == 0 && expired, $"{node.Name} accepted a signed-out session cookie {when} (value {value}, expired: {expired})");
            var (liveValue, liveExpired) = await FarmBrowser.ReplayAsync(node.BaseAddress, live);
            Assert.True(liveValue == 1 && !liveExpired, $"{node.Name} did not read a live session {when} (value {liveValue}, expired: {liveExpired})");
        }
    }

    private static async Task<(TimeSpan? LastAccepted, TimeSpan FirstRefused)> ReplayUntilRefusedAsync(
        Uri node, string cookie, Stopwatch clock, Func<TimeSpan> signedOutAt, CancellationToken cancellationToken)
    {
        TimeSpan? lastAccepted = null;
        while (true)
        {
            var sentAt = clock.Elapsed;
            var (_, expired) = await FarmBrowser.ReplayAsync(node, cookie);
            if (expired && sentAt >= signedOutAt())
            {
                return (lastAccepted, clock.Elapsed);
            }

            if (!expired)
            {
                lastAccepted = clock.Elapsed;
            }

            await Task.Delay(ReplayInterval, cancellationToken);
        }
    }
}
