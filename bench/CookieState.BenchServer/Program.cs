using CookieState.BenchServer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

// One node of a site whose session store is chosen by configuration, for bench/load.sh and the load client. Only the
// store differs between modes: same endpoints, same Data Protection key ring setup, same Kestrel defaults.
//
//   Bench:Store        CookieState (default) | InMemory | Redis
//   Bench:Redis        StackExchange.Redis configuration, e.g. 127.0.0.1:6390 (Redis, and the revocation replica)
//   Bench:Revocation   None (default) | RedisReplica: CookieState with AddCookieStateRevocation().UseRedis(...)
//   Bench:KeyRingPath  key ring folder (default: a new temp folder)
//   Bench:ReadyFile    where to write the bound address once listening (--urls http://127.0.0.1:0 picks a free port)
//   CookieState:*      CookieStateOptions, e.g. CookieState:Format=DataProtection
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var store = builder.Configuration.GetValue("Bench:Store", BenchStore.CookieState);
var keyRingPath = builder.Configuration["Bench:KeyRingPath"] is { Length: > 0 } path
    ? path
    : Directory.CreateTempSubdirectory("cookiestate-bench-keys-").FullName;
builder.Services.AddDataProtection()
    .SetApplicationName("cookiestate-bench")
    .PersistKeysToFileSystem(new DirectoryInfo(keyRingPath));

switch (store)
{
    case BenchStore.CookieState:
        builder.Services.AddCookieState(builder.Configuration.GetSection("CookieState"));
        if (string.Equals(builder.Configuration["Bench:Revocation"], "RedisReplica", StringComparison.OrdinalIgnoreCase))
        {
            var replicaRedis = builder.Configuration["Bench:Redis"] is { Length: > 0 } replicaConfiguration
                ? replicaConfiguration
                : throw new InvalidOperationException("Bench:Revocation=RedisReplica needs Bench:Redis, e.g. 127.0.0.1:6390.");
            builder.Services.AddCookieStateRevocation(o => o.KeyPrefix = "cookiestate-bench:")
                .UseRedis(StackExchange.Redis.ConnectionMultiplexer.Connect(replicaRedis));
        }

        break;
    case BenchStore.InMemory:
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSession();
        break;
    case BenchStore.Redis:
        var redis = builder.Configuration["Bench:Redis"] is { Length: > 0 } configuration
            ? configuration
            : throw new InvalidOperationException("Bench:Store=Redis needs Bench:Redis, e.g. 127.0.0.1:6390.");
        builder.Services.AddStackExchangeRedisCache(options =>
        {
            options.Configuration = redis;
            options.InstanceName = "cookiestate-bench:";
        });
        builder.Services.AddSession();
        break;
    default:
        throw new InvalidOperationException($"Unknown Bench:Store '{store}'.");
}

var app = builder.Build();
if (store == BenchStore.CookieState)
{
    app.UseCookieState();
}
else
{
    app.UseSession();
}

app.MapSessionEndpoints();

if (builder.Configuration["Bench:ReadyFile"] is { Length: > 0 } readyFile)
{
    // Written once Kestrel has bound, renamed into place so a reader never sees half a line.
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        File.WriteAllText(readyFile + ".tmp", address + Environment.NewLine);
        File.Move(readyFile + ".tmp", readyFile, overwrite: true);
    });
}

await app.RunAsync();
