using System.Buffers.Binary;
using System.Security.Cryptography;
using CookieState.Protection;
using CookieState.Serialization;

namespace CookieState.Jose.Protection;

/// <summary>
/// The JWE content encryption <c>A256CBC-HS512</c> (RFC 7518 §5.2.2.1 and §5.2.5) under one 64-byte key: the first 32
/// bytes are the HMAC-SHA-512 key, the last 32 the AES-256 key; the tag is the first 32 bytes of
/// <c>HMAC(aad || iv || ciphertext || bitLength(aad) as u64be)</c>, checked in constant time before anything is decrypted.
/// On spans, with the core's <see cref="CipherPool{T}"/> of <see cref="Aes"/> objects, which are not safe to share between threads.
/// </summary>
internal sealed class AesCbcHmacSha512 : IDisposable
{
    public const int KeySize = 64;
    public const int IvSize = 16;
    public const int TagSize = 32;
    private const int BlockSize = 16;

    private readonly byte[] _macKey;
    private readonly byte[] _encryptionKey;
    private readonly CipherPool<Aes> _ciphers;

    public AesCbcHmacSha512(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException("A256CBC-HS512 takes a 64-byte key.", nameof(key));
        }

        _macKey = key[..32].ToArray();
        _encryptionKey = key[32..].ToArray();
        _ciphers = new CipherPool<Aes>(CreateAes);
    }

    public static int GetCiphertextLength(int plaintextLength) => ((plaintextLength / BlockSize) + 1) * BlockSize;

    /// <summary>Encrypts with a fresh random IV; <paramref name="ciphertext"/> is <see cref="GetCiphertextLength"/> long.</summary>
    public void Encrypt(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> iv, Span<byte> ciphertext, Span<byte> tag)
    {
        RandomNumberGenerator.Fill(iv[..IvSize]);
        var aes = _ciphers.Rent();
        try
        {
            aes.EncryptCbc(plaintext, iv[..IvSize], ciphertext, PaddingMode.PKCS7);
        }
        finally
        {
            _ciphers.Return(aes);
        }

        ComputeTag(aad, iv[..IvSize], ciphertext, tag);
    }

    /// <summary>
    /// Checks the tag, then decrypts into <paramref name="plaintext"/> (at least as long as the ciphertext). Returns
    /// <see langword="false"/> for a wrong tag, and for bad padding behind a right one, which only a key holder can make.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, out int written)
    {
        written = 0;
        if (iv.Length != IvSize || tag.Length != TagSize || ciphertext.IsEmpty || ciphertext.Length % BlockSize != 0)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[TagSize];
        ComputeTag(aad, iv, ciphertext, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, tag))
        {
            return false;
        }

        var aes = _ciphers.Rent();
        try
        {
            return aes.TryDecryptCbc(ciphertext, iv, plaintext, out written, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return false;
        }
        finally
        {
            _ciphers.Return(aes);
        }
    }

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_macKey);
        CryptographicOperations.ZeroMemory(_encryptionKey);
        _ciphers.Clear();
    }

    private void ComputeTag(ReadOnlySpan<byte> aad, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> tag)
    {
        var input = new PooledBytes(aad.Length + iv.Length + ciphertext.Length + sizeof(ulong));
        try
        {
            var span = input.Span;
            aad.CopyTo(span);
            iv.CopyTo(span[aad.Length..]);
            ciphertext.CopyTo(span[(aad.Length + iv.Length)..]);
            BinaryPrimitives.WriteUInt64BigEndian(span[^sizeof(ulong)..], (ulong)aad.Length * 8);
            Span<byte> mac = stackalloc byte[HMACSHA512.HashSizeInBytes];
            HMACSHA512.HashData(_macKey, span, mac);
            mac[..TagSize].CopyTo(tag);
            CryptographicOperations.ZeroMemory(mac);
        }
        finally
        {
            input.Dispose();
        }
    }

    private Aes CreateAes()
    {
        var aes = Aes.Create();
        aes.Key = _encryptionKey;
        return aes;
    }
}
