// A user's app, built against the CookieState packages: two nodes on real Kestrel share a Data Protection key ring in
// PostgreSQL (CookieState.PostgreSql); a value set through node A is read back through node B, and both
// report healthy through AddHealthChecks().AddCookieState(). Exit code 0 when every check passed.
using System.Net;
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

Console.WriteLine(failures == 0 ? "package app: every check passed" : $"package app: {failures} check(s) failed");
return failures == 0 ? 0 : 1;

void Check(bool passed, string what)
{
    Console.WriteLine($"{(passed ? "ok  " : "FAIL")} {what}");
    failures += passed ? 0 : 1;
}

static async Task<WebApplication> StartNodeAsync(string connectionString)
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.SetMinimumLevel(LogLevel.Warning);

    // As the package READMEs show it.
    builder.Services.AddDataProtection()
        .SetApplicationName("cookiestate-package-test")
        .PersistKeysToPostgreSql(connectionString);
    builder.Services.AddCookieState(o => o.IdleTimeout = TimeSpan.FromMinutes(20));
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
