using CookieState.KeyRing;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.KeyRing;

public sealed class KeyRingCommandTests
{
    private const string ApplicationName = "cookiestate-tests";

    [Fact]
    public void Init_creates_one_active_key_in_an_empty_folder_and_nothing_on_the_second_run()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("cookiestate-init-").FullName, "keys");

        var (firstCode, firstOutput, _) = Run("init", "--keys", folder, "--application-name", ApplicationName);
        var keyFiles = Directory.GetFiles(folder, "key-*.xml");
        var (secondCode, secondOutput, _) = Run("init", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(KeyRingCommand.Success, firstCode);
        var key = Assert.Single(ReadKeys(folder));
        Assert.True(key.ActivationDate <= DateTimeOffset.UtcNow && key.ExpirationDate > DateTimeOffset.UtcNow.AddDays(80));
        Assert.Contains("Created 1 key(s).", firstOutput);
        Assert.Contains(key.KeyId.ToString(), firstOutput);
        Assert.Contains("[current, new]", firstOutput);

        Assert.Equal(KeyRingCommand.Success, secondCode);
        Assert.Contains("Nothing to create", secondOutput);
        Assert.Contains(key.KeyId.ToString(), secondOutput);
        Assert.Equal(keyFiles, Directory.GetFiles(folder, "key-*.xml"));
    }

    [Fact]
    public void Init_adds_a_successor_when_the_current_key_expires_within_the_propagation_window()
    {
        var folder = Directory.CreateTempSubdirectory("cookiestate-init-").FullName;
        var now = DateTimeOffset.UtcNow;
        var current = CreateKey(folder, now.AddDays(-80), now.AddDays(1));

        var (code, output, _) = Run("init", "--keys", folder, "--application-name", ApplicationName);
        var (againCode, againOutput, _) = Run("init", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(KeyRingCommand.Success, code);
        var successor = Assert.Single(ReadKeys(folder), k => k.KeyId != current.KeyId);
        Assert.Equal(current.ExpirationDate, successor.ActivationDate);
        Assert.Contains("[upcoming, new]", output);
        Assert.Equal(KeyRingCommand.Success, againCode);
        Assert.Contains("Nothing to create", againOutput);
        Assert.Equal(2, ReadKeys(folder).Count);
    }

    [Fact]
    public void Status_reports_a_missing_or_empty_key_ring_as_not_ready_and_an_initialised_one_as_ready()
    {
        var folder = Path.Combine(Directory.CreateTempSubdirectory("cookiestate-status-").FullName, "keys");

        Assert.Equal(KeyRingCommand.NotReady, Run("status", "--keys", folder, "--application-name", ApplicationName).Code);
        Assert.False(Directory.Exists(folder));
        Directory.CreateDirectory(folder);
        Assert.Equal(KeyRingCommand.NotReady, Run("status", "--keys", folder, "--application-name", ApplicationName).Code);
        Assert.Empty(Directory.GetFiles(folder));

        Run("init", "--keys", folder, "--application-name", ApplicationName);
        var (code, output, _) = Run("status", "--keys", folder, "--application-name", ApplicationName);

        Assert.Equal(KeyRingCommand.Success, code);
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
    public void Bad_usage_exits_2_and_touches_nothing(params string[] args)
    {
        var (code, _, error) = Run(args);

        Assert.Equal(KeyRingCommand.UsageError, code);
        Assert.Contains("Usage:", error);
        Assert.False(Directory.Exists("x"));
    }

    [Fact]
    public async Task Nodes_started_after_init_use_the_key_it_created_and_create_none()
    {
        var folder = Directory.CreateTempSubdirectory("cookiestate-init-").FullName;
        Run("init", "--keys", folder, "--application-name", ApplicationName);
        var key = Assert.Single(ReadKeys(folder));

        await using var a = await SessionTestHost.StartAsync(keyDirectory: folder, applicationName: ApplicationName);
        await using var b = await SessionTestHost.StartAsync(keyDirectory: folder, applicationName: ApplicationName);
        var jar = new CookieJar();
        await a.GetStringAsync("/set/user/alice", jar);

        Assert.Equal("alice", await b.GetStringAsync("/get/user", jar));
        Assert.Equal(key.KeyId, DataProtectionInternals.CurrentDefaultKeyId(a.Services));
        Assert.Equal(key.KeyId, DataProtectionInternals.CurrentDefaultKeyId(b.Services));
        Assert.Single(ReadKeys(folder));
    }

    [Fact]
    public void Unreachable_redis_fails_with_exit_1_and_no_password_in_the_output()
    {
        // Nothing listens on a port just released; the password must not leak into what an operator's log keeps.
        var port = FreePort();
        var configuration = $"127.0.0.1:{port},password=do-not-print-me,connectTimeout=2000";

        var (code, output, error) = Run("init", "--redis", configuration, "--application-name", ApplicationName);

        Assert.Equal(KeyRingCommand.Failure, code);
        Assert.Contains("Failed:", error);
        Assert.DoesNotContain("do-not-print-me", output + error);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = KeyRingCommand.Run(args, output, error, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
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
