using System.Text.RegularExpressions;
using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>
/// The Redis recipe as an operator runs it: a real redis-server with persistence, the key ring created in it by the key
/// ring command before any node starts, then three sample nodes in Redis mode (key ring and revocation cache in Redis).
/// </summary>
public static partial class RedisFarm
{
    public const string ApplicationName = "cookiestate-farm";

    /// <summary>The list <c>PersistKeysToStackExchangeRedis</c> keeps the key ring in, as the sample and the command name it.</summary>
    public const string KeyRingKey = "DataProtection-Keys";

    /// <summary>Runs <c>CookieState.KeyRing init --redis</c> and returns the id of the key it created.</summary>
    public static async Task<Guid> InitKeyRingAsync(RedisTestServer redis)
    {
        var (exitCode, stdout, stderr) = await KeyRingTool.RunAsync("init", "--redis", redis.Configuration, "--application-name", ApplicationName);
        var output = stdout + stderr;
        Assert.True(exitCode == 0, $"key ring init failed ({exitCode}): {output}");
        var created = CreatedKeyPattern().Match(output);
        Assert.True(created.Success, "init created no key: " + output);
        return Guid.Parse(created.Groups[1].Value);
    }

    public static Dictionary<string, string> NodeSettings(RedisTestServer redis, string sessionStore) => new()
    {
        ["Session__Store"] = sessionStore,
        ["DataProtection__ApplicationName"] = ApplicationName,
        ["ConnectionStrings__Redis"] = redis.Configuration,
        ["Logging__LogLevel__CookieState"] = "Information",
    };

    /// <summary>How many keys the key ring list in Redis holds.</summary>
    public static async Task<int> KeyCountAsync(RedisTestServer redis)
    {
        var reply = await redis.ExecuteAsync("LLEN", KeyRingKey);
        return reply.StartsWith(':') ? int.Parse(reply[1..], System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException("LLEN answered " + reply);
    }

    [GeneratedRegex(@"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}) .*\[current, new\]")]
    private static partial Regex CreatedKeyPattern();
}
