using CookieState;
using CookieState.Sample.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using StackExchange.Redis;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews(options =>
{
    // Every POST here changes the session, so every POST must prove it came from one of our own forms.
    options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
    options.Filters.Add<LayoutFilter>();

    // A session change that would not fit the cookies deserves a page that says so, not the generic error page.
    options.Filters.Add<SessionFullFilter>();

    // A session change while the revocation store is down (failing closed) is a 503 to retry, not a 500.
    options.Filters.Add<SessionUnavailableFilter>();
});

// CookieState seals the session with Data Protection. Every node of a farm must hold the same keys under the same
// application name, or a cookie sealed by one node is rejected by the next: hence a shared, persisted key ring.
// A folder suits one machine; nodes on several machines share the ring through PostgreSQL or Redis instead.
var applicationName = builder.Configuration["DataProtection:ApplicationName"] ?? "CookieState.Sample";
var dataProtection = builder.Services.AddDataProtection().SetApplicationName(applicationName);

// Redis mode (ConnectionStrings:Redis, e.g. "127.0.0.1:6379"): the key ring and the revocation cache both live in Redis,
// the store most ASP.NET Core farms already run. See docs/farm.md.
var redis = builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redisConfiguration
    ? ConnectRedis(redisConfiguration)
    : null;
if (builder.Configuration["DataProtection:PostgreSql"] is { Length: > 0 } keyRingDatabase)
{
    dataProtection.PersistKeysToPostgreSql(keyRingDatabase);
}
else if (redis is not null)
{
    // The package's default key, which the key ring command (CookieState.KeyRing init --redis) also uses.
    dataProtection.PersistKeysToStackExchangeRedis(redis, "DataProtection-Keys");
}
else
{
    var keyRingPath = builder.Configuration["DataProtection:KeyRingPath"] ?? Path.Combine(builder.Environment.ContentRootPath, "keys");
    dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keyRingPath));
}

// The store switch exists to compare CookieState with the stock session on the same site: these lines are the only
// difference. Controllers and views use HttpContext.Session either way.
var useCookieState = !string.Equals(builder.Configuration["Session:Store"], "InMemory", StringComparison.OrdinalIgnoreCase);
if (useCookieState)
{
    builder.Services.AddCookieState(builder.Configuration.GetSection("CookieState"));

    // "Keep me signed in" (CookieState:MaxPersistentLifetime) needs header version 4, which a node in the first phase of
    // a rolling upgrade does not write (Format = DataProtection, or WriteLegacyHeader): such a node offers no persistence
    // rather than failing to start. The sign-in page then makes every session a browser-session one.
    builder.Services.PostConfigure<CookieStateOptions>(options =>
    {
        if (options.Format == CookieStateFormat.DataProtection || options.WriteLegacyHeader)
        {
            options.MaxPersistentLifetime = null;
        }
    });

    // The JOSE format (CookieState:Format = Jose): idle until keys are configured under CookieState:Jose.
    builder.Services.AddCookieStateJose(builder.Configuration.GetSection("CookieState:Jose"));

    // Optional: make sign-out final. A stateless cookie stays valid until it expires, so abandoned and revoked session
    // ids are remembered in IDistributedCache until then. The memory cache is per node: a farm needs a shared one.
    // Session:RevocationReplica (Redis mode, or a PostgreSQL key ring): every node keeps every live revocation in memory,
    // replicated through a Redis stream or a PostgreSQL table, instead of reading a cache on each request
    // (docs/security.md).
    var replicaDatabase = builder.Configuration["DataProtection:PostgreSql"];
    var replica = (redis is not null || replicaDatabase is { Length: > 0 })
        && builder.Configuration.GetValue("Session:RevocationReplica", defaultValue: false);
    if (builder.Configuration.GetValue("Session:Revocation", defaultValue: true) && replica)
    {
        var revocation = builder.Services.AddCookieStateRevocation(builder.Configuration.GetSection("CookieStateRevocation"));
        if (redis is not null)
        {
            revocation.UseRedis(redis);
        }
        else
        {
            revocation.UsePostgreSql(replicaDatabase!);
        }
    }
    else if (builder.Configuration.GetValue("Session:Revocation", defaultValue: true))
    {
        if (redis is not null)
        {
            // One multiplexer for the key ring and the cache; the instance name keeps this app's entries apart.
            builder.Services.AddStackExchangeRedisCache(options =>
            {
                options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
                options.InstanceName = applicationName + ":";
            });
        }
        else
        {
            builder.Services.AddDistributedMemoryCache();
        }

        // FailureMode (default FailClosed), Timeout, KeyPrefix.
        builder.Services.AddCookieStateRevocation(builder.Configuration.GetSection("CookieStateRevocation"));
    }
}
else
{
    builder.Services.AddDistributedMemoryCache();
    builder.Services.AddSession(options => options.Cookie.IsEssential = true);
}

builder.Services.AddSingleton<NodeIdentity>();

// Behind a TLS-terminating proxy the session cookies must still get Secure: trust the proxy's X-Forwarded-Proto.
builder.Services.AddForwardedHeadersFromConfiguration(builder.Configuration);

var app = builder.Build();

// First, so that everything after it, CookieState's Secure decision included, sees the client's scheme and address.
app.UseForwardedHeaders();

// Then, so that every response, error pages and static files included, names the node that served it.
app.UseNodeHeader();
app.UseExceptionHandler("/Home/Error");
app.UseStatusCodePagesWithReExecute("/Home/Status/{0}");
app.UseStaticFiles();
app.UseRouting();

// Where UseSession() would go: after routing, before the endpoints that use the session.
if (useCookieState)
{
    app.UseCookieState();
}
else
{
    app.UseSession();
}

app.MapControllerRoute("default", "{controller=Home}/{action=Index}/{id?}");

// Fault injection for the farm tests only: never enable it on a real site.
if (builder.Configuration.GetValue<bool>("Farm:EnableKeyAdmin"))
{
    app.MapFarmKeyAdmin();
}

// The addresses are known only once Kestrel has bound them (port 0 picks one at start).
app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<NodeIdentity>().AnnounceToConsole());

app.Run();

// Starts even while Redis is down and reconnects in the background: a node must not fail to boot over a Redis restart.
static IConnectionMultiplexer ConnectRedis(string configuration)
{
    var options = ConfigurationOptions.Parse(configuration);
    options.AbortOnConnectFail = false;
    return ConnectionMultiplexer.Connect(options);
}

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
