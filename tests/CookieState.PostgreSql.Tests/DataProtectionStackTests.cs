using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CookieState.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class DataProtectionStackTests(PostgresFixture fixture)
{
    /// <summary>A "node": its own container, so nothing but the database is shared.</summary>
    private static ServiceProvider Node(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName("x").PersistKeysToPostgreSql(connectionString);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task Payload_protected_on_one_node_is_unprotected_on_another()
    {
        var cs = await fixture.CreateDatabaseAsync();
        await using var nodeA = Node(cs);
        await using var nodeB = Node(cs);

        var sealedPayload = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector("CookieState").Protect("hello from A");
        var opened = nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector("CookieState").Unprotect(sealedPayload);

        Assert.Equal("hello from A", opened);
        Assert.Equal(1L, await TestDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM cookiestate_dataprotection_keys WHERE friendly_name LIKE 'key-%'"));
    }

    [Fact]
    public async Task Key_created_on_node_A_is_seen_by_node_B()
    {
        var cs = await fixture.CreateDatabaseAsync();
        await using var nodeA = Node(cs);
        await using var nodeB = Node(cs);

        var now = DateTimeOffset.UtcNow;
        var key = nodeA.GetRequiredService<IKeyManager>().CreateNewKey(now, now.AddDays(90));

        var seenByB = nodeB.GetRequiredService<IKeyManager>().GetAllKeys();
        Assert.Contains(seenByB, k => k.KeyId == key.KeyId);
    }

    [Fact]
    public async Task Running_node_keeps_serving_from_its_cached_key_ring_while_the_database_is_down()
    {
        var cs = await fixture.CreateDatabaseAsync();
        await using var node = Node(cs);
        var protector = node.GetRequiredService<IDataProtectionProvider>().CreateProtector("CookieState");
        var before = protector.Protect("before outage");

        fixture.Server.Stop();
        try
        {
            // The key ring is cached in memory, so protecting and unprotecting needs no database.
            Assert.Equal("before outage", protector.Unprotect(before));
            Assert.Equal("during outage", protector.Unprotect(protector.Protect("during outage")));

            // Anything that must read the store reports the outage clearly.
            var exception = Assert.Throws<InvalidOperationException>(() => node.GetRequiredService<IKeyManager>().GetAllKeys());
            Assert.Contains($"port {fixture.Server.Port}", exception.Message);
        }
        finally
        {
            fixture.Server.Start();
        }

        await using var lateNode = Node(cs);
        Assert.Equal("before outage", lateNode.GetRequiredService<IDataProtectionProvider>().CreateProtector("CookieState").Unprotect(before));
    }

    [Fact]
    public async Task Startup_check_fails_fast_when_the_database_is_unreachable()
    {
        var (cs, port) = TestDatabase.Unreachable();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var probe = new StartProbe();
        builder.Services.AddHostedService(_ => probe);
        builder.Services.AddDataProtection().SetApplicationName("x").PersistKeysToPostgreSql(cs);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        // The check runs in StartingAsync, so even services registered earlier (like the web server) never start.
        Assert.False(probe.Started);

        Assert.Contains($"port {port}", exception.Message);
        Assert.Contains("'keyring_db'", exception.Message);
        Assert.DoesNotContain(TestDatabase.SecretPassword, exception.ToString());
    }

    [Fact]
    public async Task Startup_check_creates_the_table_when_the_database_is_reachable()
    {
        var cs = await fixture.CreateDatabaseAsync();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddDataProtection().SetApplicationName("x")
            .PersistKeysToPostgreSql(options =>
            {
                options.ConnectionString = cs;
                options.Schema = "dp";
                options.TableName = "keys";
            });
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(await TestDatabase.ScalarAsync<bool>(cs, "SELECT to_regclass('dp.keys') IS NOT NULL"));
    }

    [Fact]
    public void Registration_rejects_a_missing_connection_string()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddDataProtection().PersistKeysToPostgreSql(""));
        Assert.Throws<ArgumentException>(() => services.AddDataProtection().PersistKeysToPostgreSql(options => options.TableName = "t"));
    }
}
