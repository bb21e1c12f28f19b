using System.Net;
using CookieState.Diagnostics;
using CookieState.KeyPickup;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

public sealed class UnknownKeyPickupTests
{
    private const int CookieRejectedEventId = CookieStateEventIds.CookieRejected;
    private const int UnknownKeyPickedUpEventId = CookieStateEventIds.UnknownKeyPickedUp;

    [Fact]
    public async Task Key_created_with_immediate_activation_on_another_node_is_picked_up()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        DataProtectionInternals.CloseAutoRefreshWindow(farm.B.Services);
        var (jar, newKey) = await StartSessionUnderNewImmediateKeyAsync(farm);

        Assert.Equal("alice", await farm.B.GetStringAsync("/get/user", jar));

        Assert.Equal(newKey, await KeyRingFarm.SealingKeyAsync(farm.B, jar));
        Assert.DoesNotContain(farm.B.Logs.Entries, e => e.EventId.Id == CookieRejectedEventId);
        Assert.Single(farm.B.Logs.Entries, e => e.EventId.Id == UnknownKeyPickedUpEventId);
        Assert.Equal(newKey, DataProtectionInternals.CurrentDefaultKeyId(farm.B.Services));
    }

    [Fact]
    public async Task Without_the_pickup_the_same_cookie_is_rejected_once_Data_Protection_stops_refreshing_on_unknown_keys()
    {
        await using var farm = await KeyRingFarm.StartAsync(pickup: false);
        await farm.WarmUpAsync();
        DataProtectionInternals.CloseAutoRefreshWindow(farm.B.Services);
        var (jar, _) = await StartSessionUnderNewImmediateKeyAsync(farm);

        Assert.Equal("(null)", await farm.B.GetStringAsync("/get/user", jar));

        var rejected = Assert.Single(farm.B.Logs.Entries, e => e.EventId.Id == CookieRejectedEventId);
        Assert.Contains(nameof(CookieStateRejectionReason.UnknownKey), rejected.Message);
    }

    [Fact]
    public async Task An_unknown_key_never_reaches_Data_Protections_own_refresh_even_inside_its_startup_window()
    {
        // Data Protection re-reads the key store on an unknown key id by itself during its first minutes (wall clock), which
        // would turn every forged key id into a store read. CookieState asks the cached ring first: with the pickup off, the
        // new key stays unknown on B even though B is inside that window, and the store is not read.
        await using var farm = await KeyRingFarm.StartAsync(pickup: false);
        await farm.WarmUpAsync();
        var (jar, _) = await StartSessionUnderNewImmediateKeyAsync(farm);
        var readsBefore = farm.StoreReadsOnB.Reads;

        Assert.Equal("(null)", await farm.B.GetStringAsync("/get/user", jar));

        Assert.Equal(readsBefore, farm.StoreReadsOnB.Reads);
        var rejected = Assert.Single(farm.B.Logs.Entries, e => e.EventId.Id == CookieRejectedEventId);
        Assert.Contains(nameof(CookieStateRejectionReason.UnknownKey), rejected.Message);
    }

    [Fact]
    public async Task Two_new_keys_within_one_lookup_interval_are_both_picked_up()
    {
        // A start-up race then a rotation, seconds apart: lookups that find their key spend no budget.
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        DataProtectionInternals.CloseAutoRefreshWindow(farm.B.Services);

        var (first, _) = await StartSessionUnderNewImmediateKeyAsync(farm);
        Assert.Equal("alice", await farm.B.GetStringAsync("/get/user", first));
        farm.Clock.Advance(TimeSpan.FromSeconds(5));
        var (second, secondKey) = await StartSessionUnderNewImmediateKeyAsync(farm);

        Assert.Equal("alice", await farm.B.GetStringAsync("/get/user", second));
        Assert.Equal(2, farm.B.Logs.Entries.Count(e => e.EventId.Id == UnknownKeyPickedUpEventId));
        Assert.DoesNotContain(farm.B.Logs.Entries, e => e.EventId.Id == CookieRejectedEventId);
        Assert.Equal(secondKey, DataProtectionInternals.CurrentDefaultKeyId(farm.B.Services));
    }

    [Fact]
    public async Task Concurrent_requests_meeting_the_new_key_all_keep_their_session()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        DataProtectionInternals.CloseAutoRefreshWindow(farm.B.Services);
        var (jar, _) = await StartSessionUnderNewImmediateKeyAsync(farm);
        var readsBefore = farm.StoreReadsOnB.Reads;

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => farm.B.GetStringAsync("/get/user", jar.Clone())));

        Assert.All(answers, answer => Assert.Equal("alice", answer));
        Assert.DoesNotContain(farm.B.Logs.Entries, e => e.EventId.Id == CookieRejectedEventId);

        // One lookup by CookieState and one reload by Data Protection, however many requests met the key.
        Assert.InRange(farm.StoreReadsOnB.Reads - readsBefore, 1, 2);
    }

    [Fact]
    public async Task Flood_of_unknown_key_ids_reads_the_key_store_at_most_once_per_interval()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        await farm.WarmUpAsync();
        DataProtectionInternals.CloseAutoRefreshWindow(farm.B.Services);
        var baseline = farm.StoreReadsOnB.Reads;

        var firstFlood = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
        await AssertAllAnsweredEmptyAsync(farm.B, firstFlood);
        Assert.Equal(baseline + 1, farm.StoreReadsOnB.Reads);

        farm.Clock.Advance(new CookieStateKeyPickupOptions().MinLookupInterval - TimeSpan.FromSeconds(1));
        await AssertAllAnsweredEmptyAsync(farm.B, Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()));
        Assert.Equal(baseline + 1, farm.StoreReadsOnB.Reads);

        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        // The id looked up first was found missing and is remembered: it does not spend the new budget...
        await AssertAllAnsweredEmptyAsync(farm.B, [firstFlood[0]]);
        Assert.Equal(baseline + 1, farm.StoreReadsOnB.Reads);

        // ...which the next new id does, once.
        await AssertAllAnsweredEmptyAsync(farm.B, Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()));
        Assert.Equal(baseline + 2, farm.StoreReadsOnB.Reads);

        Assert.All(
            farm.B.Logs.Entries.Where(e => e.EventId.Id == CookieRejectedEventId),
            e => Assert.Contains(nameof(CookieStateRejectionReason.UnknownKey), e.Message));
    }

    [Fact]
    public async Task Key_manager_is_decorated_once_and_still_creates_keys_in_the_shared_store()
    {
        await using var farm = await KeyRingFarm.StartAsync();
        var keyManager = farm.A.Services.GetRequiredService<IKeyManager>();

        Assert.IsType<RefreshableKeyManager>(keyManager);
        Assert.IsType<XmlKeyManager>(((RefreshableKeyManager)keyManager).Inner);
        var key = keyManager.CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        Assert.Contains(farm.B.Services.GetRequiredService<IKeyManager>().GetAllKeys(), k => k.KeyId == key.KeyId);
    }

    [Fact]
    public void Adding_CookieState_twice_wraps_the_key_manager_once()
    {
        var services = new ServiceCollection().AddLogging().AddCookieState().AddCookieState();

        using var provider = services.BuildServiceProvider();

        var keyManager = Assert.IsType<RefreshableKeyManager>(provider.GetRequiredService<IKeyManager>());
        Assert.IsType<XmlKeyManager>(keyManager.Inner);
    }

    /// <summary>
    /// Node A creates a second key with immediate activation, as the farm start-up race does (dotnet/aspnetcore#50440), and
    /// starts a session under it. Data Protection 10.0 makes the most recently activated key the default, so A switches to it
    /// as soon as its own key ring is rebuilt (creating the key fires A's key manager token).
    /// </summary>
    private static async Task<(CookieJar Jar, Guid NewKey)> StartSessionUnderNewImmediateKeyAsync(KeyRingFarm farm)
    {
        var keyManager = farm.A.Services.GetRequiredService<IKeyManager>();

        // Data Protection's key dates are on the wall clock (DateTime.UtcNow), not the test's fake clock.
        var now = DateTimeOffset.UtcNow;
        var newKey = keyManager.CreateNewKey(now, now.AddDays(90)).KeyId;
        DataProtectionInternals.WaitForDefaultKey(farm.A.Services, newKey);

        var jar = new CookieJar();
        Assert.Equal("ok", await farm.A.GetStringAsync("/set/user/alice", jar));
        Assert.Equal(newKey, await KeyRingFarm.SealingKeyAsync(farm.A, jar));
        return (jar, newKey);
    }

    private static async Task AssertAllAnsweredEmptyAsync(SessionTestHost node, IEnumerable<Guid> keyIds)
    {
        foreach (var keyId in keyIds)
        {
            using var response = await node.GetAsync("/get/user", KeyRingFarm.ForgedCookie(keyId));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        }
    }
}
