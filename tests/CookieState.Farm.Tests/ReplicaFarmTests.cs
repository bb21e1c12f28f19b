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

    // The load under the engine and node restarts: bounded so that each engine's run stays well under a minute.
    private const int Users = 15;
    private const int RequestsPerUser = 30;
    private static readonly TimeSpan RestartStepTimeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("Redis")]
    [InlineData("PostgreSql")]
    public async Task A_sign_out_on_node_1_is_refused_on_nodes_2_and_3_within_the_propagation_bound(string engine)
    {
        await using var redis = await RedisTestServer.StartAsync();
        var settings = await ReplicaSettingsAsync(engine, redis);
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

    [Theory]
    [InlineData("Redis")]
    [InlineData("PostgreSql")]
    public async Task Restarting_the_engine_then_a_node_mid_run_accepts_no_revoked_cookie_and_breaks_no_session(string engine)
    {
        await using var redis = await RedisTestServer.StartAsync();
        var settings = await ReplicaSettingsAsync(engine, redis);
        await using var farm = await LocalFarm.StartAsync(3, settings);
        var revoked = new List<string> { await SignedOutCookieAsync(farm.Nodes[0], "ada") };
        using var live = new FarmBrowser(farm.Nodes[0].BaseAddress);
        await live.IncrementAsync();
        var liveCookie = live.SessionCookieHeader;
        await AssertEverywhereAsync(farm, revoked, liveCookie, "before the run");

        var restarted = farm.Nodes[1];
        var clock = Stopwatch.StartNew();
        var steps = new List<string>();
        var result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, async () =>
        {
            await RestartEngineAsync(engine, redis, postgres.Server);
            steps.Add($"{engine} restarted at {clock.ElapsedMilliseconds} ms");
            await AssertEverywhereAsync(farm, revoked, liveCookie, $"after {engine} restarted");

            // A sign-out after the engine came back must reach the running replicas through the restarted engine, and the
            // node restarted next must load it with the older one.
            revoked.Add(await SignedOutCookieAsync(farm.Nodes[0], "bob"));
            foreach (var node in farm.Nodes)
            {
                await WaitUntilRefusedAsync(node, revoked[^1]);
            }

            steps.Add($"bob's sign-out refused everywhere at {clock.ElapsedMilliseconds} ms");
            var loadsBefore = ReplicaLoads(restarted);
            await restarted.KillAsync();
            await restarted.StartAsync();
            using (var timeout = new CancellationTokenSource(RestartStepTimeout))
            {
                while (ReplicaLoads(restarted) <= loadsBefore)
                {
                    await Task.Delay(ReplayInterval, timeout.Token);
                }
            }

            // No polling from here: the replica has loaded, so every revocation must be refused at once, on every node.
            steps.Add($"{restarted.Name} restarted, replica loaded at {clock.ElapsedMilliseconds} ms");
            await AssertEverywhereAsync(farm, revoked, liveCookie, $"after {restarted.Name} restarted and its replica loaded");
        });

        FarmReport.Write(output, $"revocation replica on {engine}: {engine} restarted, then {restarted.Name} killed and restarted ({string.Join("; ", steps)})", result);
        farm.SaveNodeLogs("replica-restart-" + engine);
        Assert.Equal(3, steps.Count);
        Assert.Equal(0, result.LostUpdates);
        Assert.Equal(0, result.BrokenSessions);

        // As in the Redis recipe's farm test: failures only while the engine or a node was down, never a 500, and few.
        Assert.All(result.FailuresByKind.Keys, kind => Assert.Contains(kind, new[] { "503", "502", "no answer" }));
        Assert.True(result.FailedRequests <= Users * RequestsPerUser / 10, $"too many failed requests: {result.FailedRequests}");
        Assert.True(result.RequestsPerNode.TryGetValue(restarted.Name, out var served) && served > 0, $"{restarted.Name} served nothing");
        await AssertEverywhereAsync(farm, revoked, liveCookie, "after the run");
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

    private async Task<Dictionary<string, string>> ReplicaSettingsAsync(string engine, RedisTestServer redis)
    {
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
        return settings;
    }

    /// <summary>Stops the engine and starts it again on the same port and data (Redis fsyncs its append-only file on SIGTERM).</summary>
    private static async Task RestartEngineAsync(string engine, RedisTestServer redis, PostgresTestServer postgres)
    {
        if (engine == "Redis")
        {
            await redis.StopAsync();
            await redis.StartAgainAsync();
        }
        else
        {
            await Task.Run(postgres.Stop);
            await Task.Run(postgres.Start);
        }
    }

    /// <summary>A user's cookie copied while signed in, after the user signed out on <paramref name="node"/>.</summary>
    private static async Task<string> SignedOutCookieAsync(SampleNode node, string name)
    {
        using var browser = new FarmBrowser(node.BaseAddress);
        await browser.IncrementAsync();
        await browser.SignInAsync(name);
        await browser.IncrementAsync();
        var copy = browser.SessionCookieHeader;

        // Right after an engine restart the node may still be reconnecting and refuse the sign-out (failing closed);
        // the user tries again, as a browser user would.
        using var timeout = new CancellationTokenSource(RestartStepTimeout);
        while (true)
        {
            try
            {
                await browser.SignOutAsync();
                return copy;
            }
            catch (InvalidOperationException) when (!timeout.IsCancellationRequested)
            {
                await Task.Delay(ReplayInterval, timeout.Token);
            }
        }
    }

    private static async Task WaitUntilRefusedAsync(SampleNode node, string revoked)
    {
        using var timeout = new CancellationTokenSource(RestartStepTimeout);
        while (!(await FarmBrowser.ReplayAsync(node.BaseAddress, revoked)).CookieExpired)
        {
            await Task.Delay(ReplayInterval, timeout.Token);
        }
    }

    private static int ReplicaLoads(SampleNode node) =>
        node.Output.Count(line => line.Contains("revocation replica loaded", StringComparison.Ordinal));

    private static async Task AssertEverywhereAsync(LocalFarm farm, IEnumerable<string> revoked, string live, string when)
    {
        foreach (var cookie in revoked)
        {
            await AssertEverywhereAsync(farm, cookie, live, when);
        }
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
