using System.Runtime.CompilerServices;
using CookieState.Aot.App;
using Microsoft.AspNetCore.DataProtection;

// The smallest app on CookieState, as it runs published with native AOT (and, built normally, as its JIT twin):
// the key ring in a folder shared with the other nodes, the options from configuration, typed values from a
// source-generated JSON context.
var builder = WebApplication.CreateSlimBuilder(args);

var keyRing = builder.Configuration["DataProtection:KeyRingPath"]
    ?? throw new InvalidOperationException("Set DataProtection:KeyRingPath to the key ring folder the nodes share.");
builder.Services.AddDataProtection()
    .SetApplicationName("CookieState.Aot")
    .PersistKeysToFileSystem(new DirectoryInfo(keyRing));
builder.Services.AddCookieState(builder.Configuration.GetSection("CookieState"));

var app = builder.Build();
app.UseCookieState();

var node = app.Configuration["Node:Name"] ?? "node";
var runtime = RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot";

// Readiness, and proof of what this process runs on.
app.MapGet("/runtime", () => runtime);

// Return types are spelled out: the endpoint generator cannot see the types the JSON generator makes.
// Adds this node to the session's trail and answers the whole trail.
app.MapGet("/visit", string (HttpContext context) =>
{
    var session = context.Session;
    var visits = session.GetJson("visits", AotAppJsonContext.Default.Visits) ?? new Visits([]);
    visits.Trail.Add($"{node}/{runtime}");
    session.SetJson("visits", visits, AotAppJsonContext.Default.Visits);
    session.SetString("last", node);
    return string.Join(",", visits.Trail) + ";last=" + session.GetString("last");
});

// Reads the session without changing it.
app.MapGet("/trail", string (HttpContext context) =>
    context.Session.TryGetJson("visits", AotAppJsonContext.Default.Visits, out var visits)
        ? string.Join(",", visits.Trail) + ";last=" + context.Session.GetString("last")
        : "(empty)");

app.Run();
