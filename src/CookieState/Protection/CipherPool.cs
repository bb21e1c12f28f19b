namespace CookieState.Protection;

/// <summary>
/// The cipher objects of one key (<c>AesGcm</c>, <c>Aes</c>): not safe to share between threads, and costly to build. One
/// is kept without a lock, for the common case of one operation at a time; a locked stack of a few takes the overflow, and
/// anything beyond is disposed. A key that is simply dropped leaves its ciphers to the finalizers; one that wipes its
/// material calls <see cref="Clear"/>.
/// </summary>
internal sealed class CipherPool<T>
    where T : class, IDisposable
{
    private const int Limit = 8;

    private readonly Func<T> _create;
    private readonly Stack<T> _pool = new();
    private T? _spare;

    public CipherPool(Func<T> create) => _create = create;

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

    /// <summary>Disposes the ciphers in the pool; call it once no operation can still be running.</summary>
    public void Clear()
    {
        Interlocked.Exchange(ref _spare, null)?.Dispose();
        lock (_pool)
        {
            while (_pool.TryPop(out var cipher))
            {
                cipher.Dispose();
            }
        }
    }
}
