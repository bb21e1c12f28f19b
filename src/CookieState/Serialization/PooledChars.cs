using System.Buffers;

namespace CookieState.Serialization;

/// <summary>A char buffer rented from <see cref="ArrayPool{T}.Shared"/> with the length in use: sealed text on its way out.</summary>
internal struct PooledChars : IDisposable
{
    private char[]? _array;

    public PooledChars(int length)
    {
        _array = length == 0 ? [] : ArrayPool<char>.Shared.Rent(length);
        Length = length;
    }

    public int Length { get; private set; }

    public readonly Span<char> Span => _array.AsSpan(0, Length);

    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    public override readonly string ToString() => new(Span);

    public void Dispose()
    {
        if (_array is { Length: > 0 } array)
        {
            ArrayPool<char>.Shared.Return(array);
        }

        _array = null;
        Length = 0;
    }
}
