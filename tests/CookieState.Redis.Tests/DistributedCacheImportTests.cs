using System.Buffers.Binary;
using System.Globalization;
using CookieState.Lifetime;
using CookieState.Revocation;
using CookieState.Revocation.Replica;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using StackExchange.Redis;

namespace CookieState.Redis.Tests;

/// <summary>
/// Moving a farm from the per-request revocation over a StackExchangeRedis <see cref="IDistributedCache"/> to the replica:
/// what the old implementation recorded is imported when the replica first loads, once, whatever the number of nodes.
/// </summary>
public sealed class DistributedCacheImportTests : IClassFixture<RedisFixture>
{
    private static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromMinutes(20);

    private readonly RedisFixture _redis;

    public DistributedCacheImportTests(RedisFixture redis)
    {
        _redis = redis;
    }

    private static string Unique(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8] + ":";

    // Never disposed here: disposing the cache would dispose the class's shared multiplexer.
    private RedisCache NewCache(string instanceName) => new(Options.Create(new RedisCacheOptions
    {
        ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(_redis.Connection),
        InstanceName = instanceName,
    }));

    private static DistributedCacheSessionRevocation OldRevocation(IDistributedCache cache, string keyPrefix)
    {
        // The same settings as the replicas' (Replicas.Retention: 20 min + 1 min of skew), as on a farm being switched.
        var session = Options.Create(new CookieStateOptions { AbsoluteTimeout = AbsoluteTimeout, MaxClockSkew = TimeSpan.FromMinutes(1) });
        return new DistributedCacheSessionRevocation(
            cache,
            new SessionLifetime(session, TimeProvider.System),
            Options.Create(new CookieStateRevocationOptions { KeyPrefix = keyPrefix }),
            TimeProvider.System,
            NullLoggerFactory.Instance);
    }

    private RedisRevocationLog ImportingLog(string keyPrefix, string instanceName, int batchSize = 2) =>
        new(_redis.Connection, keyPrefix, Replicas.Retention,
            new RedisCacheImport(_redis.Connection, instanceName + keyPrefix, batchSize, NullLogger.Instance));

    [Fact]
    public async Task The_StackExchangeRedis_cache_stores_an_entry_as_a_hash_with_data_and_absolute_expiry_in_UTC_ticks()
    {
        // The import relies on this shape; pinned against the package itself so that an upgrade that changes it fails here.
        var instance = Unique("shape");
        var before = DateTimeOffset.UtcNow;
        await NewCache(instance).SetAsync("entry", [1, 2, 3], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = AbsoluteTimeout });

        var database = _redis.Connection.GetDatabase();
        Assert.Equal(RedisType.Hash, await database.KeyTypeAsync(instance + "entry"));
        var fields = (await database.HashGetAllAsync(instance + "entry")).ToDictionary(e => (string)e.Name!, e => e.Value);
        Assert.Equal([1, 2, 3], (byte[])fields["data"]!);
        var absolute = new DateTimeOffset(long.Parse((string)fields["absexp"]!, CultureInfo.InvariantCulture), TimeSpan.Zero);
        Assert.InRange(absolute, before + AbsoluteTimeout, DateTimeOffset.UtcNow + AbsoluteTimeout);
        Assert.Equal("-1", (string?)fields["sldexp"]);
        Assert.InRange((await database.KeyTimeToLiveAsync(instance + "entry"))!.Value, AbsoluteTimeout - TimeSpan.FromMinutes(1), AbsoluteTimeout);
    }

    [Fact]
    public async Task The_replica_imports_the_live_cached_revocations_once_with_their_times_whatever_the_number_of_nodes()
    {
        var prefix = Unique("import");
        var instance = Unique("cache");
        var old = OldRevocation(NewCache(instance), prefix);
        var revoked = Guid.NewGuid().ToString();
        await old.RevokeAsync(revoked);
        var boundBefore = DateTimeOffset.UtcNow;
        await old.RevokeUserAsync("alice");
        var database = _redis.Connection.GetDatabase();
        byte[] stamp = (await database.HashGetAsync(instance + prefix + "user:" + UserHash("alice"), "data"))!;
        var absexp = long.Parse((string)(await database.HashGetAsync(instance + prefix + "sid:" + revoked, "absexp"))!, CultureInfo.InvariantCulture);

        // An entry past its absolute expiry that Redis has not dropped yet, a key of another shape, and one outside the prefix.
        var expired = Guid.NewGuid().ToString();
        await database.HashSetAsync(instance + prefix + "sid:" + expired,
            [new("absexp", DateTimeOffset.UtcNow.AddMinutes(-1).UtcTicks), new("sldexp", -1), new("data", new byte[] { 1 })]);
        await database.HashSetAsync(instance + prefix + "other", [new("absexp", -1), new("data", new byte[] { 1 })]);
        var outside = Guid.NewGuid().ToString();
        await OldRevocation(NewCache(instance), Unique("elsewhere")).RevokeAsync(outside);

        var log = ImportingLog(prefix, instance);
        var first = Replicas.Create(log);
        await first.SyncAsync(CancellationToken.None);

        Assert.True(await first.IsRevokedAsync(revoked));
        Assert.True(await first.IsUserRevokedAsync("alice", boundBefore));
        Assert.False(await first.IsRevokedAsync(expired));
        Assert.False(await first.IsRevokedAsync(outside));
        Assert.False(await first.IsRevokedAsync(Guid.NewGuid().ToString()));
        Assert.False(await first.IsUserRevokedAsync("bob", boundBefore));
        var records = (await log.ReadAsync(RevocationLogPosition.Start, 100, CancellationToken.None)).Records;
        Assert.Equal(2, records.Count);
        var user = Assert.Single(records, r => r.Kind == RevocationKind.User);
        Assert.Equal(BinaryPrimitives.ReadInt64LittleEndian(stamp), user.RevokedAt.ToUnixTimeMilliseconds());
        Assert.False(await first.IsUserRevokedAsync("alice", user.RevokedAt.AddMilliseconds(1)));
        var session = Assert.Single(records, r => r.Kind == RevocationKind.Session);
        Assert.Equal(new DateTimeOffset(absexp, TimeSpan.Zero).ToUnixTimeMilliseconds(), session.ExpiresAt.ToUnixTimeMilliseconds());

        // A restarted node and two nodes importing at the same moment add nothing to the log, and enforce the same.
        var again = Replicas.Create(ImportingLog(prefix, instance));
        var b = Replicas.Create(ImportingLog(prefix, instance, batchSize: 1));
        var c = Replicas.Create(ImportingLog(prefix, instance, batchSize: 1000));
        await again.SyncAsync(CancellationToken.None);
        await Task.WhenAll(b.SyncAsync(CancellationToken.None), c.SyncAsync(CancellationToken.None));

        Assert.Equal(2, await database.StreamLengthAsync(log.StreamKey));
        foreach (var node in new[] { again, b, c })
        {
            Assert.True(await node.IsRevokedAsync(revoked));
            Assert.True(await node.IsUserRevokedAsync("alice", boundBefore));
            Assert.Equal(2, node.Count);
        }
    }

    [Fact]
    public async Task An_already_expired_record_is_not_imported()
    {
        var log = ImportingLog(Unique("expired"), Unique("cache"));
        var key = RevocationKey.For(RevocationKind.Session, Guid.NewGuid().ToString());

        Assert.False(await log.ImportAsync(
            new RevocationAppend(RevocationKind.Session, key, TimeSpan.Zero, ExpiresAt: DateTimeOffset.UtcNow.AddSeconds(-1)), CancellationToken.None));
        Assert.True(await log.ImportAsync(
            new RevocationAppend(RevocationKind.Session, key, TimeSpan.Zero, ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(1)), CancellationToken.None));
        Assert.False(await log.ImportAsync(
            new RevocationAppend(RevocationKind.Session, key, TimeSpan.Zero, ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(1)), CancellationToken.None));
        Assert.Single((await log.ReadAsync(RevocationLogPosition.Start, 10, CancellationToken.None)).Records);
    }

    [Fact]
    public async Task Switching_a_node_from_the_cache_to_the_replica_keeps_refusing_the_cookies_signed_out_before()
    {
        var prefix = Unique("switch");
        var instance = Unique("cache");
        var keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var signedOut = new Dictionary<string, string>();
        var userRevoked = new Dictionary<string, string>();
        var live = new Dictionary<string, string>();
        await using (var oldNode = await StartNodeAsync(keys, instance, prefix, revocation => { }))
        {
            using var client = Client(oldNode);
            await SendAsync(client, "/sign-in/someone", signedOut);
            var kept = new Dictionary<string, string>(signedOut);
            await SendAsync(client, "/sign-out", signedOut);
            signedOut = kept;
            await SendAsync(client, "/sign-in/alice", userRevoked);
            await SendAsync(client, "/revoke-user/alice", []);
            await SendAsync(client, "/sign-in/carol", live);

            // The old implementation refuses both, as it did before the switch.
            Assert.Equal("none", await SendAsync(client, "/read", signedOut));
            Assert.Equal("none", await SendAsync(client, "/read", userRevoked));
            Assert.Equal("carol", await SendAsync(client, "/read", live));
        }

        // Without the import the replica has never heard of them: what a switch does today.
        await using (var plain = await StartNodeAsync(keys, instance, prefix, revocation => revocation.UseRedis(_redis.Connection)))
        {
            using var client = Client(plain);
            Assert.Equal("someone", await SendAsync(client, "/read", new Dictionary<string, string>(signedOut)));
            Assert.Equal("alice", await SendAsync(client, "/read", new Dictionary<string, string>(userRevoked)));
        }

        await using (var imported = await StartNodeAsync(keys, instance, prefix, Import))
        {
            using var client = Client(imported);
            Assert.Equal("none", await SendAsync(client, "/read", new Dictionary<string, string>(signedOut)));
            Assert.Equal("none", await SendAsync(client, "/read", new Dictionary<string, string>(userRevoked)));
            Assert.Equal("carol", await SendAsync(client, "/read", new Dictionary<string, string>(live)));
        }

        // A second switched node imports nothing more.
        await using (var second = await StartNodeAsync(keys, instance, prefix, Import))
        {
            using var client = Client(second);
            Assert.Equal("none", await SendAsync(client, "/read", new Dictionary<string, string>(signedOut)));
            Assert.Equal(2, await _redis.Connection.GetDatabase().StreamLengthAsync("{" + prefix + "revocations}"));
        }

        void Import(CookieStateRevocationBuilder revocation) => revocation.UseRedis(_redis.Connection, o =>
        {
            o.ImportFromDistributedCache = true;
            o.InstanceName = instance;
        });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void An_import_batch_size_out_of_range_is_refused(int batchSize)
    {
        var services = new ServiceCollection();
        services.AddCookieStateRevocation().UseRedis(_redis.Connection, o =>
        {
            o.ImportFromDistributedCache = true;
            o.ImportBatchSize = batchSize;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CookieStateRedisRevocationOptions>>().Value);
        Assert.Contains("ImportBatchSize", error.Message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartNodeAsync(string keys, string instance, string prefix, Action<CookieStateRevocationBuilder> revocation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddDataProtection().SetApplicationName("cookiestate-import-tests").PersistKeysToFileSystem(new DirectoryInfo(keys));
        builder.Services.AddStackExchangeRedisCache(o =>
        {
            // Its own multiplexer: the cache disposes the one it was given when the app stops.
            o.ConnectionMultiplexerFactory = async () => await ConnectionMultiplexer.ConnectAsync(_redis.Server.Configuration);
            o.InstanceName = instance;
        });
        builder.Services.AddCookieState(o => o.AbsoluteTimeout = AbsoluteTimeout);
        revocation(builder.Services.AddCookieStateRevocation(o => o.KeyPrefix = prefix));
        var app = builder.Build();
        app.UseCookieState();
        app.MapGet("/sign-in/{user}", (HttpContext c, string user) =>
        {
            c.Session.SetString("user", user);
            c.Session.BindUser(user);
            return user;
        });
        app.MapGet("/read", (HttpContext c) => c.Session.GetString("user") ?? "none");
        app.MapGet("/sign-out", (HttpContext c) =>
        {
            c.Session.Abandon();
            return "out";
        });
        app.MapGet("/revoke-user/{user}", async (HttpContext c, string user) =>
        {
            await c.RequestServices.GetRequiredService<ICookieStateRevocation>().RevokeUserAsync(user);
            return "revoked";
        });
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication app) => new() { BaseAddress = new Uri(app.Urls.First()) };

    /// <summary>Sends the jar's cookies and applies the answer's Set-Cookie to it.</summary>
    private static async Task<string> SendAsync(HttpClient client, string path, Dictionary<string, string> jar)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
        }

        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
            {
                var expired = cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow || cookie.MaxAge is { } age && age <= TimeSpan.Zero;
                if (expired || cookie.Value.Length == 0)
                {
                    jar.Remove(cookie.Name.ToString());
                }
                else
                {
                    jar[cookie.Name.ToString()] = cookie.Value.ToString();
                }
            }
        }

        return await response.Content.ReadAsStringAsync();
    }

    private static string UserHash(string userId) =>
        System.Buffers.Text.Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)));
}
