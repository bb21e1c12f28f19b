using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>
/// Three sample nodes behind nginx round robin with no affinity, a PostgreSQL key ring, and 50 users × 40 counter
/// increments, under the faults a farm meets. CookieState must lose nothing; the built-in in-memory session must.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class FarmTests
{
    private const int Users = 50;
    private const int RequestsPerUser = 40;
    private static readonly TimeSpan DataProtectionAutoRefreshWindow = TimeSpan.FromMinutes(2);

    private readonly PostgresFixture _postgres;
    private readonly ITestOutputHelper _output;

    public FarmTests(PostgresFixture postgres, ITestOutputHelper output)
    {
        _postgres = postgres;
        _output = output;
    }

    [Fact]
    public async Task Steady_state_loses_nothing_and_every_node_serves()
    {
        await using var farm = await StartFarmAsync("CookieState");

        var result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser);

        FarmReport.Write(_output, "steady state", result);
        Assert.Equal(0, result.LostUpdates);
        Assert.Equal(0, result.FailedRequests);
        Assert.Equal(Users * RequestsPerUser, result.Increments);
        Assert.Equal(3, result.RequestsPerNode.Count);
    }

    [Fact]
    public async Task Node_killed_and_restarted_mid_run_loses_nothing()
    {
        await using var farm = await StartFarmAsync("CookieState");

        var result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, async () =>
        {
            await farm.Nodes[1].KillAsync();
            await farm.Nodes[1].StartAsync();
        });

        FarmReport.Write(_output, "node killed and restarted", result);
        Assert.Equal(0, result.LostUpdates);
        Assert.True(result.Increments >= Users * RequestsPerUser * 0.95, $"too few confirmed increments: {result.Increments}");
    }

    [Fact]
    public async Task New_immediately_active_key_on_one_node_mid_run_loses_nothing()
    {
        await using var farm = await StartFarmAsync("CookieState");
        using var admin = new HttpClient { BaseAddress = farm.Nodes[0].BaseAddress };

        // Data Protection reloads its key ring on an unknown key by itself, but only during about two minutes after it
        // loaded the ring (dotnet/aspnetcore #3975), and it reads the system clock, which no test can fake. Use every node
        // once, then let that window close, so that only CookieState's pickup can save the sessions.
        foreach (var node in farm.Nodes)
        {
            using var warm = new HttpClient { BaseAddress = node.BaseAddress };
            (await warm.GetAsync("api/counter")).EnsureSuccessStatusCode();
        }

        await Task.Delay(DataProtectionAutoRefreshWindow + TimeSpan.FromSeconds(10));

        Guid newKey = default;
        var result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, async () =>
        {
            using var response = await admin.PostAsync("farm/keys", content: null);
            response.EnsureSuccessStatusCode();
            newKey = Guid.Parse(await response.Content.ReadAsStringAsync());
        });

        FarmReport.Write(_output, "new immediately-active key on one node", result);
        farm.SaveNodeLogs("new-key");
        Assert.Equal(0, result.LostUpdates);
        Assert.Equal(0, result.FailedRequests);

        // The key really was in play on every node: each user's last cookie is sealed with it...
        Assert.All(result.FinalSessionCookies, c => Assert.Equal(newKey, SealedCookie.KeyId(c)));

        // ...and the other nodes read it through CookieState's pickup, not through Data Protection's start-up grace.
        var pickedUp = farm.Nodes.Skip(1).Count(n => n.Output.Any(line => line.Contains("was found in the key store", StringComparison.Ordinal)));
        _output.WriteLine($"nodes that picked the new key up from the store: {pickedUp} of {farm.Nodes.Count - 1}");
        Assert.True(pickedUp > 0, "no node logged picking the new key up from the key store");
    }

    [Fact]
    public async Task PostgreSql_stopped_mid_run_running_nodes_keep_serving()
    {
        await using var farm = await StartFarmAsync("CookieState");

        FarmLoadResult result;
        try
        {
            result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, () =>
            {
                _postgres.Server.Stop();
                return Task.CompletedTask;
            });
        }
        finally
        {
            _postgres.Server.Start();
        }

        FarmReport.Write(_output, "PostgreSQL stopped", result);
        Assert.Equal(0, result.LostUpdates);
        Assert.Equal(0, result.FailedRequests);
    }

    [Fact]
    public async Task Control_builtin_in_memory_session_loses_sessions()
    {
        await using var farm = await StartFarmAsync("InMemory");

        var result = await FarmLoad.RunAsync(farm.Nginx.BaseAddress, Users, RequestsPerUser, async () =>
        {
            await farm.Nodes[1].KillAsync();
            await farm.Nodes[1].StartAsync();
        });

        FarmReport.Write(_output, "control: built-in in-memory session", result);
        Assert.True(result.LostUpdates > 0, "the control run must show lost updates, or the test cannot detect loss");
        Assert.True(result.BrokenSessions > Users / 2, $"expected most sessions broken, got {result.BrokenSessions}");
    }

    private async Task<LocalFarm> StartFarmAsync(string sessionStore)
    {
        var keyRing = await _postgres.Server.CreateDatabaseAsync();
        return await LocalFarm.StartAsync(3, new Dictionary<string, string>
        {
            ["Session__Store"] = sessionStore,
            ["DataProtection__ApplicationName"] = "cookiestate-farm",
            ["DataProtection__PostgreSql"] = keyRing,
            ["Farm__EnableKeyAdmin"] = "true",
            ["Logging__LogLevel__CookieState"] = "Information",
        });
    }
}
