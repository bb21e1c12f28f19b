using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CookieState.Protection.Envelope;

/// <summary>
/// One AES-256-GCM data key, with its wrapped (Data Protection-sealed) form that travels in every cookie sealed under it.
/// <see cref="AesGcm"/> instances are not thread-safe and costly to build, so each key keeps a small pool of them
/// (<see cref="CipherPool{T}"/>).
/// </summary>
internal sealed class DataKey
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private readonly CipherPool<AesGcm> _ciphers;
    private readonly uint? _noncePrefix;
    private long _seals;
    private string? _id;

    /// <param name="key">The key material.</param>
    /// <param name="wrapped">The key sealed with Data Protection.</param>
    /// <param name="wrappingKeyId">The Data Protection key that wrapped it.</param>
    /// <param name="createdAt">When this node made or unwrapped it.</param>
    /// <param name="expiresAt">
    /// When every node stops accepting it (sealed in the wrapped key), or <see cref="DateTimeOffset.MaxValue"/> for a
    /// version 1 wrapped key, which carries no creation time.
    /// </param>
    /// <param name="sealsHere">True for a key this node made and seals with; an unwrapped key only opens.</param>
    public DataKey(byte[] key, byte[] wrapped, Guid wrappingKeyId, DateTimeOffset createdAt, DateTimeOffset expiresAt, bool sealsHere)
    {
        _ciphers = new CipherPool<AesGcm>(() => new AesGcm(key, TagSize));
        Wrapped = wrapped;
        WrappingKeyId = wrappingKeyId;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        if (sealsHere)
        {
            Span<byte> prefix = stackalloc byte[sizeof(uint)];
            RandomNumberGenerator.Fill(prefix);
            _noncePrefix = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        }
    }

    /// <summary>The key sealed with Data Protection: what a cookie carries and what the cache is keyed by.</summary>
    public byte[] Wrapped { get; }

    /// <summary>The Data Protection key that wrapped it.</summary>
    public Guid WrappingKeyId { get; }

    /// <summary>When this node made or unwrapped it.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>
    /// From when no node accepts it: no cookie sealed under it can still be live, so anything under it is a forgery (or a
    /// cookie returning long after it expired).
    /// </summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>A short, non-secret name for logs: 48 bits of the hash of the wrapped key (computed when first asked).</summary>
    public string Id => _id ??= Convert.ToHexStringLower(SHA256.HashData(Wrapped).AsSpan(0, 6));

    /// <summary>How many payloads this node has sealed with it.</summary>
    public long Seals => Interlocked.Read(ref _seals);

    /// <summary>
    /// The next nonce: a random 32-bit prefix and a 64-bit counter. Only the node that made a key seals with it, so the
    /// counter alone keeps nonces unique; the key retires long before the counter could matter.
    /// </summary>
    public void NextNonce(Span<byte> nonce)
    {
        // Another node's key: sealing with it here could repeat that node's nonces.
        var prefix = _noncePrefix ?? throw new InvalidOperationException("A data key unwrapped from a cookie only opens cookies.");
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, prefix);
        BinaryPrimitives.WriteInt64LittleEndian(nonce[4..], Interlocked.Increment(ref _seals));
    }

    public void Encrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, ReadOnlySpan<byte> associatedData)
    {
        var aes = _ciphers.Rent();
        try
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            _ciphers.Return(aes);
        }
    }

    /// <summary>Decrypts; returns <see langword="false"/> when the tag does not match.</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> associatedData)
    {
        var aes = _ciphers.Rent();
        try
        {
            aes.Decrypt(nonce, ciphertext, tag, plaintext, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            plaintext.Clear();
            return false;
        }
        finally
        {
            _ciphers.Return(aes);
        }
    }
}
