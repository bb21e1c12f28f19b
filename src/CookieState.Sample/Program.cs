using CookieState.Sample.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllersWithViews(options =>
{
    // Every POST here changes the session, so every POST must prove it came from one of our own forms.
    options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
    options.Filters.Add<LayoutFilter>();

    // A session change that would not fit the cookies deserves a page that says so, not the generic error page.
    options.Filters.Add<SessionFullFilter>();
});

// CookieState seals the session with Data Protection. Every node of a farm must hold the same keys under the same
// application name, or a cookie sealed by one node is rejected by the next: hence a shared, persisted key ring.
// A folder suits one machine; nodes on several machines share the ring through PostgreSQL instead.
var dataProtection = builder.Services.AddDataProtection()
    .SetApplicationName(builder.Configuration["DataProtection:ApplicationName"] ?? "CookieState.Sample");
if (builder.Configuration["DataProtection:PostgreSql"] is { Length: > 0 } keyRingDatabase)
{
    dataProtection.PersistKeysToPostgreSql(keyRingDatabase);
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

    // Optional: make sign-out final. A stateless cookie stays valid until it expires, so abandoned and revoked session
    // ids are remembered in IDistributedCache until then. The memory cache is per node: a farm needs a shared one.
    if (builder.Configuration.GetValue("Session:Revocation", defaultValue: true))
    {
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddCookieStateRevocation();
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

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
