using System.Security.Cryptography;

namespace CookieState.Protection.Envelope;

/// <summary>
/// Where the envelope format draws its randomness (data key material, each seal's nonce input): the system generator,
/// replaced only by tests that play two clones of one process, whose generators return the same bytes.
/// </summary>
internal sealed class EnvelopeRandom
{
    // A call to the system generator costs about as much as drawing a few hundred bytes, so nonce inputs come in batches.
    private const int BatchSize = 512;

    private readonly Action<Span<byte>> _fill;
    private readonly Lock _batchLock = new();
    private readonly byte[] _batch = new byte[BatchSize];
    private int _used = BatchSize;

    public EnvelopeRandom(Action<Span<byte>> fill) => _fill = fill;

    /// <summary><see cref="RandomNumberGenerator.Fill"/>.</summary>
    public static EnvelopeRandom System { get; } = new(RandomNumberGenerator.Fill);

    /// <summary>Fresh bytes from the generator: for key material.</summary>
    public void Fill(Span<byte> destination) => _fill(destination);

    /// <summary>
    /// A few bytes (at most 512) from a batch the generator filled once: for the nonce input, where the bytes need to be
    /// unpredictable, not secret, and a clone shares them with the batch as it would share the generator's state.
    /// </summary>
    public void FillFromBatch(Span<byte> destination)
    {
        lock (_batchLock)
        {
            if (_used + destination.Length > BatchSize)
            {
                _fill(_batch);
                _used = 0;
            }

            _batch.AsSpan(_used, destination.Length).CopyTo(destination);
            _used += destination.Length;
        }
    }
}
