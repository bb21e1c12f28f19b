using System.Buffers;

namespace CookieState.Format;

/// <summary>
/// A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> with the length in use. The pipeline passes plaintext and
/// ciphertext through these so that a request allocates no copies of its state; sensitive contents are cleared on return.
/// </summary>
internal struct PooledBytes : IDisposable
{
    private byte[]? _array;

    // What may hold data: the length asked for. The rest of the rented array was never written.
    private readonly int _dirty;

    public PooledBytes(int length)
    {
        _array = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        Length = length;
        _dirty = length;
    }

    public int Length { get; private set; }

    public readonly Span<byte> Span => _array.AsSpan(0, Length);

    public readonly Memory<byte> Memory => _array.AsMemory(0, Length);

    /// <summary>Shortens the used length, e.g. after writing less than the upper bound that was rented.</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
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
