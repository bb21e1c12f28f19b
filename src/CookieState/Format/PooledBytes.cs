using System.Buffers;

namespace CookieState.Format;

/// <summary>
/// A byte buffer rented from <see cref="ArrayPool{T}.Shared"/> with the length in use. The pipeline passes plaintext and
/// ciphertext through these so that a request allocates no copies of its state; sensitive contents are cleared on return.
/// </summary>
internal struct PooledBytes : IDisposable
{
    private byte[]? _array;

    public PooledBytes(int length)
    {
        _array = length == 0 ? [] : ArrayPool<byte>.Shared.Rent(length);
        Length = length;
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
            ArrayPool<byte>.Shared.Return(array, clearArray: true);
        }

        _array = null;
        Length = 0;
    }
}
