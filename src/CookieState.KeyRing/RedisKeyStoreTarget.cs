using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CookieState.KeyRing;

/// <summary>
/// A key ring in Redis (<c>--redis &lt;configuration&gt;</c>), as <c>PersistKeysToStackExchangeRedis</c> keeps it: one list
/// under <see cref="Key"/>, the key the package uses by default and the sample uses.
/// </summary>
internal sealed class RedisKeyStoreTarget(string configuration) : IKeyStoreTarget
{
    public const string Key = "DataProtection-Keys";

    // The endpoints only: the configuration string may carry a password.
    public string Description =>
        $"Redis {string.Join(", ", ConfigurationOptions.Parse(configuration).EndPoints.Select(EndPointCollection.ToString))}, key {Key}";

    // An absent list is an empty key ring, so a reachable server is all "exists" can mean here.
    public bool Exists() => true;

    public void Configure(IDataProtectionBuilder builder)
    {
        // Created by the container on first use and disposed with the command's services; a failed connect fails the command.
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(configuration));
        builder.Services.AddOptions<KeyManagementOptions>()
            .Configure<IConnectionMultiplexer>((options, redis) => options.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), Key));
    }
}
