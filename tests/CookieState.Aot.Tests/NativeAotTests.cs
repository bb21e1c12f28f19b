using System.Net;

namespace CookieState.Aot.Tests;

/// <summary>
/// The same app as a native AOT executable and as an ordinary JIT process, side by side on one key ring folder, one
/// browser-like cookie jar going from one to the other: a session one starts, the other continues, over real Kestrel.
/// </summary>
public sealed class NativeAotTests : IClassFixture<AotApp>, IAsyncLifetime
{
    private const string CookieName = ".AotState";

    private readonly AotApp _app;
    private readonly string _keyRing = Directory.CreateTempSubdirectory("cookiestate-aot-keys-").FullName;
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _browser;

    public NativeAotTests(AotApp app)
    {
        _app = app;
        _browser = new HttpClient(new HttpClientHandler { CookieContainer = _cookies }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _browser.Dispose();
        Directory.Delete(_keyRing, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void The_published_app_is_a_native_executable()
    {
        var folder = Path.GetDirectoryName(_app.NativeExecutable)!;
        using var file = File.OpenRead(_app.NativeExecutable);
        var magic = new byte[4];
        file.ReadExactly(magic);

        Assert.Equal("\u007fELF"u8.ToArray(), magic);
        Assert.Empty(Directory.GetFiles(folder, "*.dll"));
    }

    [Theory]
    [InlineData("Envelope")]
    [InlineData("DataProtection")]
    public async Task A_native_node_continues_a_session_a_JIT_node_started_on_the_key_ring_the_JIT_node_wrote(string format)
    {
        await using var jit = await StartJitAsync("jit", format);
        Assert.Equal("jit", await GetAsync(jit, "runtime"));
        Assert.Equal("jit/jit;last=jit", await GetAsync(jit, "visit"));
        Assert.NotEmpty(Directory.GetFiles(_keyRing, "key-*.xml"));

        await using var aot = await StartNativeAsync("aot", format);

        Assert.Equal("aot", await GetAsync(aot, "runtime"));
        Assert.Equal("jit/jit;last=jit", await GetAsync(aot, "trail"));
        Assert.Equal("jit/jit,aot/aot;last=aot", await GetAsync(aot, "visit"));
        Assert.Equal("jit/jit,aot/aot;last=aot", await GetAsync(jit, "trail"));
        Assert.Equal("jit/jit,aot/aot,jit/jit;last=jit", await GetAsync(jit, "visit"));
        Assert.Single(_cookies.GetAllCookies(), c => c.Name == CookieName);
        // The one warning expected: a production node on plain HTTP has a cookie name without __Host- (event 81).
        Assert.DoesNotContain(aot.Output.Split('\n'), line => line.StartsWith("warn", StringComparison.Ordinal) && !line.Contains("CookieState.Configuration[81]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_JIT_node_continues_a_session_a_native_node_started_on_a_key_ring_the_native_node_created()
    {
        await using var aot = await StartNativeAsync("aot", "Envelope");
        Assert.Equal("aot/aot;last=aot", await GetAsync(aot, "visit"));
        Assert.NotEmpty(Directory.GetFiles(_keyRing, "key-*.xml"));

        await using var jit = await StartJitAsync("jit", "Envelope");

        Assert.Equal("aot/aot;last=aot", await GetAsync(jit, "trail"));
        Assert.Equal("aot/aot,jit/jit;last=jit", await GetAsync(jit, "visit"));
        Assert.Equal("aot/aot,jit/jit;last=jit", await GetAsync(aot, "trail"));
    }

    [Fact]
    public async Task A_forged_cookie_reads_as_an_empty_session_on_the_native_node()
    {
        await using var aot = await StartNativeAsync("aot", "Envelope");
        _cookies.Add(aot.BaseAddress, new Cookie(CookieName, "E1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));

        Assert.Equal("(empty)", await GetAsync(aot, "trail"));
        Assert.Equal("aot/aot;last=aot", await GetAsync(aot, "visit"));

        // The source-generated rejection log works natively too (the console logger writes on its own thread).
        await aot.WaitForOutputAsync("CookieState[6]");
        Assert.DoesNotContain("AAAAAAAA", aot.Output, StringComparison.Ordinal);
    }

    private Task<AppNode> StartJitAsync(string name, string format) =>
        AppNode.StartAsync(name, ["dotnet", _app.JitDll], Settings(format));

    private Task<AppNode> StartNativeAsync(string name, string format) =>
        AppNode.StartAsync(name, [_app.NativeExecutable], Settings(format));

    // The options come through AddCookieState(IConfiguration): under native AOT that is the hand-written binder.
    private Dictionary<string, string> Settings(string format) => new()
    {
        ["DataProtection__KeyRingPath"] = _keyRing,
        ["CookieState__Format"] = format,
        ["CookieState__Cookie__Name"] = CookieName,
    };

    private async Task<string> GetAsync(AppNode node, string path)
    {
        using var response = await _browser.GetAsync(new Uri(node.BaseAddress, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
