using System.Buffers.Text;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace CookieState.Benchmarks;

/// <summary>
/// The JOSE format beside the default envelope format (docs/jose.md): a request that writes a whole state into a new
/// cookie, and a request that reads one key from it, through the real middleware on a DefaultHttpContext.
/// </summary>
[MemoryDiagnoser]
public class JoseBenchmarks
{
    private RequestDelegate _read = null!;
    private RequestDelegate _write = null!;
    private IServiceProvider _services = null!;
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
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Warning))
            .AddCookieState(o =>
            {
                if (Format != SealingFormat.Envelope)
                {
                    o.Format = CookieStateFormat.Jose;
                    o.Jose.Mode = Format == SealingFormat.JoseSigned ? CookieStateJoseMode.Signed : CookieStateJoseMode.Encrypted;
                    o.Jose.Keys.Add(new CookieStateJoseKey { Id = "k1", Key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64)) });
                    o.Jose.PrimaryKeyId = "k1";
                }
            });
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        _services = services.BuildServiceProvider();
        _state = RandomNumberGenerator.GetBytes(StateBytes);

        _read = Build(c =>
        {
            c.Session.TryGetValue("data", out _);
            return Task.CompletedTask;
        });
        _write = Build(async c =>
        {
            c.Session.Set("data", _state);
            await c.Session.CommitAsync();
        });

        var context = NewContext(string.Empty);
        await _write(context);
        _cookieHeader = string.Join("; ", context.Response.Headers.SetCookie.Select(h => SetCookieHeaderValue.Parse(h!)).Select(c => $"{c.Name}={c.Value}"));
    }

    [Benchmark(Description = "write a new session (encode + seal)")]
    public Task Write() => _write(NewContext(string.Empty));

    [Benchmark(Description = "read one key (open + decode)")]
    public Task Read() => _read(NewContext(_cookieHeader));

    private RequestDelegate Build(RequestDelegate endpoint)
    {
        var app = new ApplicationBuilder(_services);
        app.UseCookieState();
        app.Run(endpoint);
        return app.Build();
    }

    private DefaultHttpContext NewContext(string cookieHeader)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        if (cookieHeader.Length > 0)
        {
            context.Request.Headers.Cookie = cookieHeader;
        }

        return context;
    }
}
