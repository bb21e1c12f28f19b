using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Jose.Tests;

/// <summary>
/// Other stacks read and write CookieState's JOSE cookies with stock libraries and nothing of CookieState: Node's npm
/// <c>jose</c> 6 and Python's jwcrypto, through the readers docs/jose.md shows (tests/interop). <c>scripts/test.sh</c>
/// installs both (<c>npm ci</c>, Debian's python3-jwcrypto). The server clock is the real one here, because those
/// libraries check <c>exp</c> against theirs.
/// </summary>
public sealed class JoseInteropTests
{
    private static readonly string Interop = Path.Combine(RepositoryRoot(), "tests", "interop");

    public static TheoryData<string, string> ToolsAndModes() => new()
    {
        { "node", "encrypted" },
        { "node", "signed" },
        { "python", "encrypted" },
        { "python", "signed" },
    };

    private static Task<SessionTestHost> StartAsync(string mode) =>
        SessionTestHost.StartAsync(
            services: s => JoseTestKeys.Use(s, mode == "signed" ? CookieStateJoseMode.Signed : CookieStateJoseMode.Encrypted),
            clock: new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Theory]
    [MemberData(nameof(ToolsAndModes))]
    public async Task A_stock_JOSE_library_reads_the_cookies_CookieState_wrote_one_or_chunked(string tool, string mode)
    {
        await using var host = await StartAsync(mode);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/cart/3", jar);
        await host.GetStringAsync("/set/" + Uri.EscapeDataString("name é 日本") + "/" + Uri.EscapeDataString("Zoë"), jar);

        var small = await ReadAsync(tool, mode, jar);
        Assert.Equal(Hex("3"), small["cart"]);
        Assert.Equal(Hex("Zoë"), small["name é 日本"]);

        await host.GetStringAsync("/fill/3", jar);
        Assert.NotNull(jar[".CookieStateC2"]);
        var chunked = await ReadAsync(tool, mode, jar);
        Assert.Equal(await host.GetStringAsync("/bytes/blob", jar), chunked["blob"].ToUpperInvariant());
        Assert.Equal(Hex("3"), chunked["cart"]);
    }

    [Theory]
    [MemberData(nameof(ToolsAndModes))]
    public async Task CookieState_reads_a_token_a_stock_JOSE_library_wrote_and_the_library_reads_it_back(string tool, string mode)
    {
        await using var host = await StartAsync(mode);
        var token = await RunAsync(tool, ["write", mode, JoseTestKeys.Encode(JoseTestKeys.K1), "k1"], """{"cart":"3","name":"Zoë","ключ":"значение"}""");
        Assert.StartsWith("eyJ", token);
        var jar = new CookieJar { [".CookieState"] = token };

        Assert.Equal("3", await host.GetStringAsync("/get/cart", jar));
        Assert.Equal("Zoë", await host.GetStringAsync("/get/name", jar));
        Assert.Equal("значение", await host.GetStringAsync("/get/" + Uri.EscapeDataString("ключ"), jar));
        Assert.Equal(token, jar[".CookieState"]);

        await host.GetStringAsync("/set/cart/4", jar);

        Assert.NotEqual(token, jar[".CookieState"]);
        var back = await ReadAsync(tool, mode, jar);
        Assert.Equal(Hex("4"), back["cart"]);
        Assert.Equal(Hex("значение"), back["ключ"]);
    }

    [Theory]
    [InlineData("node")]
    [InlineData("python")]
    public async Task The_documented_readers_refuse_a_signed_cookie_where_they_expect_an_encrypted_one(string tool)
    {
        await using var host = await StartAsync("signed");
        var jar = new CookieJar();
        await host.GetStringAsync("/set/cart/3", jar);

        var (exitCode, _, _) = await StartProcessAsync(tool, ["read", "encrypted", JoseTestKeys.Encode(JoseTestKeys.K1)], CookiesJson(jar));

        Assert.NotEqual(0, exitCode);
    }

    [Fact]
    public void The_docs_show_the_readers_and_writer_the_tests_run()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "jose.md")).ReplaceLineEndings("\n");

        foreach (var file in new[] { "read-session.mjs", "write-session.mjs", "read_session.py" })
        {
            Assert.Contains(File.ReadAllText(Path.Combine(Interop, file)).ReplaceLineEndings("\n").Trim(), doc);
        }
    }

    [Fact]
    public void The_example_token_in_the_docs_opens_with_its_key_to_the_claims_shown()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "jose.md"));
        var keyLine = Array.FindIndex(lines, l => l.StartsWith("key (base64url, 64 bytes): ", StringComparison.Ordinal));
        var key = System.Buffers.Text.Base64Url.DecodeFromChars(lines[keyLine].AsSpan("key (base64url, 64 bytes): ".Length));
        var token = lines[keyLine + 2];
        var claims = Array.Find(lines, l => l.StartsWith("Claims: `", StringComparison.Ordinal))!["Claims: `".Length..^1];

        Assert.Equal(claims, JoseTokens.OpenJwe(token, key).Plaintext);
        using var harness = new PipelineHarness(services: s => JoseTestKeys.Use(s, keys: JoseTestKeys.Key("k1", key)));
        var state = harness.Load([new RequestCookie(".CookieState", token)]).Payload;
        Assert.NotNull(state);
        Assert.Equal("JohnH", Encoding.UTF8.GetString(state.Entries["UserName"]));
        Assert.Equal([0, 0, 0, 3], state.Entries["Visits"]);
    }

    private static async Task<Dictionary<string, string>> ReadAsync(string tool, string mode, CookieJar jar) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(await RunAsync(tool, ["read", mode, JoseTestKeys.Encode(JoseTestKeys.K1)], CookiesJson(jar)))!;

    private static string CookiesJson(CookieJar jar) => JsonSerializer.Serialize(jar.Cookies);

    private static string Hex(string text) => Convert.ToHexString(Encoding.UTF8.GetBytes(text)).ToLowerInvariant();

    private static async Task<string> RunAsync(string tool, string[] arguments, string input)
    {
        var (exitCode, output, error) = await StartProcessAsync(tool, arguments, input);
        Assert.True(exitCode == 0, $"{tool} {arguments[0]} failed ({exitCode}): {error}");
        return output;
    }

    private static async Task<(int ExitCode, string Output, string Error)> StartProcessAsync(string tool, string[] arguments, string input)
    {
        var node = tool == "node";
        Assert.True(!node || Directory.Exists(Path.Combine(Interop, "node_modules", "jose")),
            "npm's jose is not installed in tests/interop: run ./scripts/test.sh, or npm ci in tests/interop.");
        var start = new ProcessStartInfo(node ? "node" : Python(), [node ? "jose-cli.mjs" : "jwcrypto_cli.py", .. arguments])
        {
            WorkingDirectory = Interop,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Debian's interpreter, where python3-jwcrypto installs; a python3 earlier on the PATH may lack it.</summary>
    private static string Python() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CookieState.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (CookieState.sln) is not above " + AppContext.BaseDirectory);
    }
}
