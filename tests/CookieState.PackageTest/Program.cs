// A user's app, built against the CookieState packages: two nodes on real Kestrel share a Data Protection key ring in
// PostgreSQL (CookieState.PostgreSql); a value set through node A is read back through node B, and both
// report healthy through AddHealthChecks().AddCookieState(). Two more nodes write the JOSE format (CookieState.Jose)
// from configuration alone, sharing a key instead of the key ring. Exit code 0 when every check passed.
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

if (args is not ["--postgres", var connectionString])
{
    Console.Error.WriteLine("usage: CookieState.PackageTest --postgres <connection string>");
    return 2;
}

await using var nodeA = await StartNodeAsync(connectionString);
await using var nodeB = await StartNodeAsync(connectionString);
var a = Address(nodeA);
var b = Address(nodeB);

// One browser: its cookie container sends the session cookie to both nodes (same host, ports do not count).
using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
var value = Guid.NewGuid().ToString("N");
var failures = 0;

using (var set = await client.GetAsync($"{a}/set?value={value}"))
{
    var cookies = set.Headers.TryGetValues("Set-Cookie", out var headers) ? headers.ToArray() : [];
    Check(set.StatusCode == HttpStatusCode.OK && cookies.Any(c => c.StartsWith(".CookieState=", StringComparison.Ordinal)),
        $"node A stores a value and sends the session cookie ({set.StatusCode}, {cookies.Length} Set-Cookie)");
}

Check(await client.GetStringAsync($"{b}/get") == value, "node B reads the value from the cookie node A sealed");
Check(await client.GetStringAsync($"{a}/get") == value, "node A reads it back too");

foreach (var (node, address) in new[] { ("A", a), ("B", b) })
{
    using var health = await client.GetAsync($"{address}/health");
    var body = await health.Content.ReadAsStringAsync();
    Check(health.StatusCode == HttpStatusCode.OK && body == "Healthy", $"node {node} /health answers Healthy ({(int)health.StatusCode} {body})");
}

// The JOSE format, configured as the package README shows: a key shared through configuration.
var joseKey = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));
await using var joseA = await StartNodeAsync(connectionString, joseKey);
await using var joseB = await StartNodeAsync(connectionString, joseKey);
using var joseClient = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
using (var set = await joseClient.GetAsync($"{Address(joseA)}/set?value={value}"))
{
    var cookies = set.Headers.TryGetValues("Set-Cookie", out var headers) ? headers.ToArray() : [];
    Check(set.StatusCode == HttpStatusCode.OK && cookies.Any(c => c.StartsWith(".CookieState=eyJ", StringComparison.Ordinal)),
        $"JOSE node A seals the session as a compact JOSE token ({set.StatusCode}, {cookies.Length} Set-Cookie)");
}

Check(await joseClient.GetStringAsync($"{Address(joseB)}/get") == value, "JOSE node B reads the value from the token node A sealed");

// CookieState.Redis plugs into the core's internal seam: its registration must bind against the packed core. No Redis
// runs here (tests/CookieState.Redis.Tests covers the engine), so the multiplexer is never asked for.
var redisServices = new ServiceCollection();
redisServices.AddCookieStateRevocation().UseRedis(_ => throw new InvalidOperationException("not started"));
Check(redisServices.Any(d => d.ServiceType == typeof(CookieState.ICookieStateRevocation)) && redisServices.Count(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "RevocationReplicaService") == 1,
    "AddCookieStateRevocation().UseRedis(...) registers the revocation replica");

Console.WriteLine(failures == 0 ? "package app: every check passed" : $"package app: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

void Check(bool passed, string what)
{
    Console.WriteLine($"{(passed ? "ok  " : "FAIL")} {what}");
    failures += passed ? 0 : 1;
}

static async Task<WebApplication> StartNodeAsync(string connectionString, string? joseKey = null)
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);

    // As the package READMEs show it.
    builder.Services.AddDataProtection()
        .SetApplicationName("cookiestate-package-test")
        .PersistKeysToPostgreSql(connectionString);
    if (joseKey is null)
    {
        builder.Services.AddCookieState(o => o.IdleTimeout = TimeSpan.FromMinutes(20));
    }
    else
    {
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CookieState:Format"] = "Jose",
            ["CookieState:Jose:Keys:0:Id"] = "k1",
            ["CookieState:Jose:Keys:0:Key"] = joseKey,
            ["CookieState:Jose:PrimaryKeyId"] = "k1",
        });
        builder.Services.AddCookieState(builder.Configuration.GetSection("CookieState"));
        builder.Services.AddCookieStateJose(builder.Configuration.GetSection("CookieState:Jose"));
    }

    builder.Services.AddHealthChecks().AddCookieState();

    var app = builder.Build();
    app.UseCookieState();
    app.MapGet("/set", (HttpContext context, string value) =>
    {
        context.Session.SetString("value", value);
        return "stored";
    });
    app.MapGet("/get", (HttpContext context) => context.Session.GetString("value") ?? "(none)");
    app.MapHealthChecks("/health");
    await app.StartAsync();
    return app;
}

static string Address(WebApplication app) =>
    app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
