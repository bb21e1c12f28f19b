namespace CookieState.Protection;

/// <summary>
/// A few instances of a cipher that is costly to build and unsafe to share between threads (<c>AesGcm</c>, <c>Aes</c>),
/// for one key. The common case is one operation at a time, served by one spare instance without a lock; a small locked
/// stack takes the overflow, and instances beyond it are disposed.
/// </summary>
internal sealed class CipherPool<T>
    where T : class, IDisposable
{
    private const int Limit = 8;

    private readonly Func<T> _create;
    private readonly Stack<T> _pool = new();
    private T? _spare;

    public CipherPool(Func<T> create)
    {
        _create = create;
    }

    public T Rent()
    {
        if (Interlocked.Exchange(ref _spare, null) is { } spare)
        {
            return spare;
        }

        lock (_pool)
        {
            if (_pool.TryPop(out var pooled))
            {
                return pooled;
            }
        }

        return _create();
    }

    public void Return(T cipher)
    {
        if (Interlocked.CompareExchange(ref _spare, cipher, null) is null)
        {
            return;
        }

        lock (_pool)
        {
            if (_pool.Count < Limit)
            {
                _pool.Push(cipher);
                return;
            }
        }

        cipher.Dispose();
    }
}
