using System.Buffers.Binary;
using System.Security.Cryptography;

namespace CookieState.Protection.Envelope;

/// <summary>
/// One AES-256-GCM data key, with its wrapped (Data Protection-sealed) form that travels in every cookie sealed under it.
/// <see cref="AesGcm"/> instances are not thread-safe and costly to build, so each key keeps a small pool of them
/// (<see cref="CipherPool{T}"/>), and, on the node that seals with it, a pool of the HMACs its nonces are derived with.
/// </summary>
internal sealed class DataKey
{
    public const int KeySize = 32;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    private const int NonceRandomSize = 16;

    private static readonly byte[] NonceKeyLabel = "CookieState.Envelope.Nonce.v1"u8.ToArray();

    private readonly CipherPool<AesGcm> _ciphers;
    private readonly CipherPool<IncrementalHash>? _nonceMacs;
    private readonly EnvelopeRandom _random;
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
    /// <param name="random">The randomness of its nonces, when it seals here; the system generator by default.</param>
    public DataKey(
        byte[] key, byte[] wrapped, Guid wrappingKeyId, DateTimeOffset createdAt, DateTimeOffset expiresAt, bool sealsHere, EnvelopeRandom? random = null)
    {
        _ciphers = new CipherPool<AesGcm>(() => new AesGcm(key, TagSize));
        Wrapped = wrapped;
        WrappingKeyId = wrappingKeyId;
        CreatedAt = createdAt;
        ExpiresAt = expiresAt;
        _random = random ?? EnvelopeRandom.System;
        if (sealsHere)
        {
            // A key of its own for the nonces, so that nothing computed from the AES key is ever published.
            var nonceKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, key, KeySize, salt: [], info: NonceKeyLabel);
            _nonceMacs = new CipherPool<IncrementalHash>(() => IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, nonceKey));
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
    /// The nonce for one seal, derived from the message: the first 12 bytes of HMAC-SHA256, under a key derived from this
    /// one, of counter u64be ‖ 16 random bytes ‖ AAD length u32be ‖ AAD ‖ plaintext. The counter alone would keep nonces
    /// unique in one process, and random bytes alone across processes, but neither survives a process restored twice from
    /// one snapshot: the clones share the counter, and OpenSSL's user-space generator (what .NET draws from on Linux)
    /// reseeds on a pid change, not on a restore. With the message in the input, clones repeat a nonce only for an
    /// identical message. The nonces are 96-bit pseudo-random values, so <c>DataKeyMaxSeals</c> stays at most 2^32.
    /// </summary>
    public void NextNonce(Span<byte> nonce, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext)
    {
        // Another node's key: sealing with it here could repeat that node's nonces.
        var macs = _nonceMacs ?? throw new InvalidOperationException("A data key unwrapped from a cookie only opens cookies.");
        Span<byte> prefix = stackalloc byte[sizeof(long) + NonceRandomSize + sizeof(int)];
        BinaryPrimitives.WriteInt64BigEndian(prefix, Interlocked.Increment(ref _seals));
        _random.FillFromBatch(prefix.Slice(sizeof(long), NonceRandomSize));
        BinaryPrimitives.WriteInt32BigEndian(prefix[(sizeof(long) + NonceRandomSize)..], associatedData.Length);
        Span<byte> mac = stackalloc byte[SHA256.HashSizeInBytes];
        var hmac = macs.Rent();
        try
        {
            hmac.AppendData(prefix);
            hmac.AppendData(associatedData);
            hmac.AppendData(plaintext);
            hmac.GetHashAndReset(mac);
        }
        finally
        {
            macs.Return(hmac);
        }

        mac[..NonceSize].CopyTo(nonce);
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
