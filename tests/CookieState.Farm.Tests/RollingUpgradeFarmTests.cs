using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>
/// The two-phase rollout of docs/farm.md from the envelope format's side. Phase 1 deploys the new build with
/// <c>CookieState:Format=DataProtection</c>, so every node writes what the old build reads; phase 2 switches nodes to
/// <c>Envelope</c> one at a time. During phase 2 the farm is mixed: some nodes write the previous format, some the new
/// one, and each user's session crosses between them on every request. No session may be lost.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class RollingUpgradeFarmTests(ITestOutputHelper output)
{
    private const int Users = 50;
    private const int RequestsPerUser = 40;
    private const string FormatSetting = "CookieState__Format";

    [Fact]
    public async Task Mixed_formats_and_a_rolling_switch_to_envelope_lose_no_session()
    {
        await using var redis = await RedisTestServer.StartAsync();
        await RedisFarm.InitKeyRingAsync(redis);

        // Phase 2 under way: node1 and node2 still write the previous format, node3 writes the new one.
        await using var farm = await LocalFarm.StartAsync(3, RedisFarm.NodeSettings(redis, "CookieState"), node =>
            node.Settings[FormatSetting] = node.Name == "node3" ? "Envelope" : "DataProtection");

        var mixed = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser);

        FarmReport.Write(output, "rolling upgrade: mixed farm (node1, node2 DataProtection; node3 Envelope)", mixed);
        Assert.Equal(0, mixed.LostUpdates);
        Assert.Equal(0, mixed.FailedRequests);
        Assert.Equal(Users * RequestsPerUser, mixed.Increments);
        Assert.Equal(["DataProtection"], mixed.FormatsWrittenBy("node1"));
        Assert.Equal(["DataProtection"], mixed.FormatsWrittenBy("node2"));
        Assert.Equal(["Envelope"], mixed.FormatsWrittenBy("node3"));
        Assert.True(mixed.SessionsWrittenInSeveralFormats > Users / 2, $"only {mixed.SessionsWrittenInSeveralFormats} sessions crossed formats");

        // The rest of phase 2 under load: node1, then node2, stopped gracefully and started again writing Envelope, each
        // back in nginx's pool before the next goes down.
        var rollout = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, async () =>
        {
            foreach (var node in farm.Nodes.Take(2))
            {
                await node.StopAsync();
                node.Settings[FormatSetting] = "Envelope";
                await node.StartAsync();
                await farm.WaitUntilServingAsync(node);
            }
        }, midRunAt: 0.2);

        FarmReport.Write(output, "rolling upgrade: node1 and node2 redeployed with Format=Envelope mid-run", rollout);
        farm.SaveNodeLogs("rolling-upgrade");
        Assert.Equal(0, rollout.LostUpdates);
        Assert.Equal(0, rollout.BrokenSessions);
        Assert.True(rollout.Increments >= Users * RequestsPerUser * 0.95, $"too few confirmed increments: {rollout.Increments}");
        Assert.Contains("DataProtection", rollout.FormatsWrittenBy("node1"));
        Assert.Contains("Envelope", rollout.FormatsWrittenBy("node1"));

        // Once every node writes Envelope, every user's last cookie is in the new format.
        Assert.All(rollout.FinalSessionCookies, c => Assert.Equal("Envelope", SealedCookie.Format(c)));
    }
}
