using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using CookieState.Jose.Protection;
using Microsoft.IdentityModel.Tokens;

namespace CookieState.Benchmarks;

/// <summary>
/// One A256CBC-HS512 encrypt and decrypt of a session-sized JWE plaintext: CookieState's own construction on
/// System.Security.Cryptography against IdentityModel's <see cref="AuthenticatedEncryptionProvider"/>, which the JOSE
/// format could have used instead (docs/jose.md, security notes).
/// </summary>
[MemoryDiagnoser]
public class JoseCryptoBenchmarks
{
    private readonly byte[] _aad = Encoding.ASCII.GetBytes("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIiwia2lkIjoiazEiLCJjc19yZWZyZXNoIjoxNzk1NDM1ODAwfQ");
    private AesCbcHmacSha512 _cookieState = null!;
    private AuthenticatedEncryptionProvider _identityModel = null!;
    private byte[] _plaintext = [];
    private byte[] _buffer = [];
    private byte[] _output = [];

    /// <summary>The JSON claims length: what 1 KB and 2 KB of session state become.</summary>
    [Params(1500, 2900)]
    public int PlaintextBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(64);
        _cookieState = new AesCbcHmacSha512(key);
        _identityModel = new AuthenticatedEncryptionProvider(new SymmetricSecurityKey(key), SecurityAlgorithms.Aes256CbcHmacSha512);
        _plaintext = RandomNumberGenerator.GetBytes(PlaintextBytes);
        _buffer = new byte[AesCbcHmacSha512.IvSize + AesCbcHmacSha512.GetCiphertextLength(PlaintextBytes) + AesCbcHmacSha512.TagSize];
        _output = new byte[AesCbcHmacSha512.GetCiphertextLength(PlaintextBytes)];
    }

    [Benchmark(Baseline = true, Description = "CookieState: encrypt + decrypt")]
    public int CookieState()
    {
        var iv = _buffer.AsSpan(0, AesCbcHmacSha512.IvSize);
        var ciphertext = _buffer.AsSpan(AesCbcHmacSha512.IvSize, _output.Length);
        var tag = _buffer.AsSpan(^AesCbcHmacSha512.TagSize);
        _cookieState.Encrypt(_aad, _plaintext, iv, ciphertext, tag);
        _cookieState.TryDecrypt(_aad, iv, ciphertext, tag, _output, out var written);
        return written;
    }

    [Benchmark(Description = "IdentityModel AuthenticatedEncryptionProvider: encrypt + decrypt")]
    public int IdentityModel()
    {
        var sealedResult = _identityModel.Encrypt(_plaintext, _aad);
        return _identityModel.Decrypt(sealedResult.Ciphertext, _aad, sealedResult.IV, sealedResult.AuthenticationTag).Length;
    }
}
