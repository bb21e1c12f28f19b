using CookieState.TestServers;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.KeyRing.Tests;

/// <summary>The built tool run as its own process, as an operator runs it: its exit codes and output are its interface.</summary>
public sealed class KeyRingCommandTests
{
    private const string ApplicationName = "cookiestate-tests";

    // The exit codes docs/keys.md promises.
    private const int Success = 0;
    private const int Failure = 1;
    private const int UsageError = 2;
    private const int NotReady = 3;

    [Fact]
    public async Task Init_creates_one_active_key_in_an_empty_folder_and_nothing_on_the_second_run()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("cookiestate-init-").FullName, "keys");

        var (firstCode, firstOutput, _) = await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);
        var keyFiles = Directory.GetFiles(folder, "key-*.xml");
        var (secondCode, secondOutput, _) = await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(Success, firstCode);
        var key = Assert.Single(ReadKeys(folder));
        Assert.True(key.ActivationDate <= DateTimeOffset.UtcNow && key.ExpirationDate > DateTimeOffset.UtcNow.AddDays(80));
        Assert.Contains("Created 1 key(s).", firstOutput);
        Assert.Contains(key.KeyId.ToString(), firstOutput);
        Assert.Contains("[current, new]", firstOutput);

        Assert.Equal(Success, secondCode);
        Assert.Contains("Nothing to create", secondOutput);
        Assert.Contains(key.KeyId.ToString(), secondOutput);
        Assert.Equal(keyFiles, Directory.GetFiles(folder, "key-*.xml"));
    }

    [Fact]
    public async Task Init_adds_a_successor_when_the_current_key_expires_within_the_propagation_window()
    {
        var folder = Directory.CreateTempSubdirectory("cookiestate-init-").FullName;
        var now = DateTimeOffset.UtcNow;
        var current = CreateKey(folder, now.AddDays(-80), now.AddDays(1));

        var (code, output, _) = await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);
        var (againCode, againOutput, _) = await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(Success, code);
        var successor = Assert.Single(ReadKeys(folder), k => k.KeyId != current.KeyId);
        Assert.Equal(current.ExpirationDate, successor.ActivationDate);
        Assert.Contains("[upcoming, new]", output);
        Assert.Equal(Success, againCode);
        Assert.Contains("Nothing to create", againOutput);
        Assert.Equal(2, ReadKeys(folder).Count);
    }

    [Fact]
    public async Task Status_reports_a_missing_or_empty_key_ring_as_not_ready_and_an_initialised_one_as_ready()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("cookiestate-status-").FullName, "keys");

        Assert.Equal(NotReady, (await KeyRingTool.RunAsync("status", "--keys", folder, "--application-name", ApplicationName)).ExitCode);
        Assert.False(Directory.Exists(folder));
        Directory.CreateDirectory(folder);
        Assert.Equal(NotReady, (await KeyRingTool.RunAsync("status", "--keys", folder, "--application-name", ApplicationName)).ExitCode);
        Assert.Empty(Directory.GetFiles(folder));

        await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);
        var (code, output, _) = await KeyRingTool.RunAsync("status", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(Success, code);
        Assert.Contains("Ready", output);
        Assert.Single(Directory.GetFiles(folder, "key-*.xml"));
    }

    [Theory]
    [InlineData]
    [InlineData("rotate", "--keys", "x", "--application-name", "a")]
    [InlineData("init", "--application-name", "a")]
    [InlineData("init", "--keys", "x")]
    [InlineData("init", "--keys", "x", "--keys", "y", "--application-name", "a")]
    [InlineData("init", "--keys", "--application-name", "a")]
    [InlineData("init", "--keys", "x", "--application-name", "a", "--postgres", "Host=db")]
    [InlineData("init", "--redis", "127.0.0.1:1", "--keys", "x", "--application-name", "a")]
    [InlineData("status", "--redis", "--application-name", "a")]
    public async Task Bad_usage_exits_2_and_touches_nothing(params string[] args)
    {
        var (code, _, error) = await KeyRingTool.RunAsync(args);

        Assert.Equal(UsageError, code);
        Assert.Contains("Usage:", error);
        Assert.False(Directory.Exists("x"));
    }

    [Fact]
    public async Task Nodes_started_after_init_use_the_key_it_created_and_create_none()
    {
        var folder = Directory.CreateTempSubdirectory("cookiestate-init-").FullName;
        await KeyRingTool.RunAsync("init", "--keys", folder, "--application-name", ApplicationName);
        var key = Assert.Single(ReadKeys(folder));

        await using var a = await KeyRingNode.StartAsync(folder, ApplicationName);
        await using var b = await KeyRingNode.StartAsync(folder, ApplicationName);
        var cookie = await a.SetAsync("user", "alice");

        Assert.Equal("alice", await b.GetAsync("user", cookie));
        Assert.Equal(key.KeyId, a.DefaultKeyId);
        Assert.Equal(key.KeyId, b.DefaultKeyId);
        Assert.Single(ReadKeys(folder));
    }

    [Fact]
    public async Task Unreachable_redis_fails_with_exit_1_and_no_password_in_the_output()
    {
        // Nothing listens on a port just released; the password must not leak into what an operator's log keeps.
        var port = FreePort.Next();
        var configuration = $"127.0.0.1:{port},password=do-not-print-me,connectTimeout=2000";

        var (code, output, error) = await KeyRingTool.RunAsync("init", "--redis", configuration, "--application-name", ApplicationName);

        Assert.Equal(Failure, code);
        Assert.Contains("Failed:", error);
        Assert.DoesNotContain("do-not-print-me", output + error);
    }

    private static IReadOnlyCollection<IKey> ReadKeys(string folder)
    {
        using var services = KeyServices(folder);
        return services.GetRequiredService<IKeyManager>().GetAllKeys();
    }

    private static IKey CreateKey(string folder, DateTimeOffset activation, DateTimeOffset expiration)
    {
        using var services = KeyServices(folder);
        return services.GetRequiredService<IKeyManager>().CreateNewKey(activation, expiration);
    }

    private static ServiceProvider KeyServices(string folder)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(folder));
        return services.BuildServiceProvider();
    }
}
