using System.Buffers;

namespace CookieState.Serialization;

/// <summary>
/// A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> with the length in use. The pipeline passes plaintext and
/// ciphertext through these so that a request allocates no copies of its state; sensitive contents are cleared on return.
/// </summary>
internal struct PooledBytes : IDisposable
{
    private byte[]? _array;

    // What may hold data: the length asked for, or less once truncated to what was written. The rest was never written.
    private int _dirty;

    public PooledBytes(int length)
    {
        _array = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        Length = length;
        _dirty = length;
    }

    public int Length { get; private set; }

    public readonly Span<byte> Span => _array.AsSpan(0, Length);

    /// <summary>Shortens the used length to what was written, e.g. less than the upper bound that was rented.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
        _dirty = length;
    }

    public void Dispose()
    {
        if (_array is { Length: > 0 } array)
        {
            // Plaintext and keys must not linger in a shared pool; clearing only what was used keeps this cheap.
            array.AsSpan(0, _dirty).Clear();
            ArrayPool<byte>.Shared.Return(array);
        }

        _array = null;
        Length = 0;
    }
}
