namespace CookieState.Tests.Infrastructure;

/// <summary>Byte arrays compared by content.</summary>
public static class ByteArrays
{
    public static IEqualityComparer<byte[]> Comparer { get; } = EqualityComparer<byte[]>.Create(
        (a, b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b),
        a => a.Length == 0 ? 0 : HashCode.Combine(a.Length, a[0], a[^1]));
}
