using System.Buffers.Text;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Benchmarks;

/// <summary>
/// The JOSE format beside the default envelope format (docs/jose.md): a request that writes a whole state into a new
/// cookie, and a request that reads one key from it, through the real middleware on a DefaultHttpContext whose response
/// starts as a server's does (so the cookies are really written).
/// </summary>
[MemoryDiagnoser]
public class JoseBenchmarks
{
    private BenchmarkApp _app = null!;
    private RequestDelegate _read = null!;
    private RequestDelegate _write = null!;
    private string _cookieHeader = string.Empty;
    private byte[] _state = [];

    public enum SealingFormat
    {
        Envelope,
        JoseEncrypted,
        JoseSigned,
    }

    [Params(SealingFormat.Envelope, SealingFormat.JoseEncrypted, SealingFormat.JoseSigned)]
    public SealingFormat Format { get; set; }

    /// <summary>Session data size in bytes.</summary>
    [Params(1024, 2048)]
    public int StateBytes { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _app = Format == SealingFormat.Envelope
            ? BenchmarkApp.CookieState(CookieStateFormat.Envelope)
            : BenchmarkApp.CookieState(CookieStateFormat.Jose, plugins: s => s.AddCookieStateJose(o =>
            {
                o.Mode = Format == SealingFormat.JoseSigned ? CookieStateJoseMode.Signed : CookieStateJoseMode.Encrypted;
                o.Keys.Add(new CookieStateJoseKey { Id = "k1", Key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64)) });
                o.PrimaryKeyId = "k1";
            }));
        _state = RandomNumberGenerator.GetBytes(StateBytes);
        _read = _app.Build(c =>
        {
            c.Session.TryGetValue("data", out _);
            return Task.CompletedTask;
        });
        _write = _app.Build(c =>
        {
            c.Session.Set("data", _state);
            return Task.CompletedTask;
        });
        _cookieHeader = await _app.SeedAsync(StateBytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _app.Dispose();

    [Benchmark(Description = "write a new session (encode + seal + Set-Cookie)")]
    public Task Write() => _app.RunAsync(_write, string.Empty);

    [Benchmark(Description = "read one key (open + decode)")]
    public Task Read() => _app.RunAsync(_read, _cookieHeader);
}
