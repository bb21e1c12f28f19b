using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using CookieState.Protection;
using CookieState.Protection.Envelope;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Benchmarks;

/// <summary>
/// The sealing alone, against its baselines in the same run: raw AES-GCM with a cached key (the floor), Data Protection
/// protect + unprotect (what every request paid before the envelope format), the envelope sealer seal + open, and the
/// first open of a foreign node's data key (a Data Protection unwrap plus the envelope open, on a cold cache).
/// </summary>
[MemoryDiagnoser]
public class CryptoBenchmarks
{
    private const int ForeignKeys = 20_000;

    private byte[] _plaintext = null!;
    private AesGcm _aes = null!;
    private byte[] _nonce = null!;
    private byte[] _ciphertext = null!;
    private byte[] _tag = null!;
    private IDataProtector _protector = null!;
    private IPayloadSealer _sealer = null!;
    private IPayloadSealer _coldSealer = null!;
    private string[] _foreign = null!;
    private int _next;
    private BenchmarkApp _node = null!;
    private BenchmarkApp _otherNode = null!;

    [Params(1024, 4096)]
    public int PlaintextBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = RandomNumberGenerator.GetBytes(PlaintextBytes);
        _aes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        _nonce = new byte[12];
        _ciphertext = new byte[PlaintextBytes];
        _tag = new byte[16];
        var keys = Directory.CreateTempSubdirectory("cookiestate-bench-keys-").FullName;
        _node = BenchmarkApp.CookieState(CookieStateFormat.Envelope, keys);
        _protector = _node.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("bench");
        _sealer = _node.Services.GetServices<IPayloadSealer>().Single(s => s.Format == CookieStateFormat.Envelope);

        // Another node whose data keys each seal one payload, read by a node that can cache only one key: every open is cold.
        using var writer = BenchmarkApp.CookieState(CookieStateFormat.Envelope, keys, o => o.Envelope.DataKeyMaxSeals = 1);
        var writerSealer = writer.Services.GetServices<IPayloadSealer>().Single(s => s.Format == CookieStateFormat.Envelope);
        _foreign = new string[ForeignKeys];
        for (var i = 0; i < ForeignKeys; i++)
        {
            using var text = writerSealer.Seal(_plaintext, DateTimeOffset.UtcNow);
            _foreign[i] = text.ToString();
        }

        _otherNode = BenchmarkApp.CookieState(CookieStateFormat.Envelope, keys, o => o.Envelope.DataKeyCacheSize = 1);
        _coldSealer = _otherNode.Services.GetServices<IPayloadSealer>().Single(s => s.Format == CookieStateFormat.Envelope);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _aes.Dispose();
        _node.Dispose();
        _otherNode.Dispose();
    }

    [Benchmark(Baseline = true, Description = "AES-GCM seal + open, cached key")]
    public void RawAesGcm()
    {
        _aes.Encrypt(_nonce, _plaintext, _ciphertext, _tag);
        _aes.Decrypt(_nonce, _ciphertext, _tag, _ciphertext);
    }

    [Benchmark(Description = "Data Protection protect + unprotect")]
    public byte[] DataProtection() => _protector.Unprotect(_protector.Protect(_plaintext));

    [Benchmark(Description = "envelope seal + open, own data key")]
    public int Envelope()
    {
        using var text = _sealer.Seal(_plaintext, DateTimeOffset.UtcNow);
        using var opened = _sealer.Open(text.Span);
        return opened.Plaintext.Length;
    }

    [Benchmark(Description = "envelope open, foreign data key, cold cache")]
    public int ForeignDataKeyFirstOpen()
    {
        var text = _foreign[_next++ % ForeignKeys];
        using var opened = _coldSealer.Open(text);
        return opened.Plaintext.Length;
    }

    [Benchmark(Description = "Data Protection unprotect alone")]
    public byte[] DataProtectionUnprotect() => _protector.Unprotect(_protectedOnce ??= _protector.Protect(_plaintext));

    private byte[]? _protectedOnce;
}
