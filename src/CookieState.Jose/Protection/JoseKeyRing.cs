using System.Buffers;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Protection;

/// <summary>
/// The configured JOSE keys (<see cref="CookieStateJoseOptions.Keys"/>), found by <c>kid</c> alone: there is no trial
/// decryption over the keys. The primary seals; every key in force opens. Read once, at startup.
/// </summary>
internal sealed class JoseKeyRing : IDisposable
{
    /// <summary>The longest key id; ids are written into headers and logs as they are, so they are short and plain.</summary>
    public const int MaxKeyIdLength = 64;

    private static readonly SearchValues<char> KeyIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-");

    private readonly Dictionary<string, JoseKey> _keys;
    private readonly Dictionary<string, JoseKey>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly TimeProvider _clock;

    public JoseKeyRing(IOptions<CookieStateJoseOptions> options, TimeProvider clock)
    {
        var jose = options.Value;
        Mode = jose.Mode;
        _clock = clock;
        _keys = new Dictionary<string, JoseKey>(StringComparer.Ordinal);
        foreach (var key in jose.Keys)
        {
            _keys.Add(key.Id, JoseKey.Create(key, Mode));
        }

        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        Primary = jose.PrimaryKeyId is { } primaryId && _keys.TryGetValue(primaryId, out var primary) ? primary : null;
    }

    public CookieStateJoseMode Mode { get; }

    /// <summary>Whether any key is configured: without one, the JOSE format neither reads nor writes.</summary>
    public bool IsConfigured => _keys.Count > 0;

    /// <summary>The key new cookies are sealed with, or <see langword="null"/> when this node only reads JOSE cookies.</summary>
    public JoseKey? Primary { get; }

    public JoseKey GetSealingKey() =>
        Primary ?? throw new InvalidOperationException(
            "The JOSE format has no primary key: set CookieStateJoseOptions.PrimaryKeyId (CookieState:Jose:PrimaryKeyId) to one of its Keys.");

    /// <summary>Finds the key a token names, and whether it is in force now.</summary>
    public JoseKey? Find(ReadOnlySpan<char> keyId, out bool inForce)
    {
        if (_lookup.TryGetValue(keyId, out var key))
        {
            inForce = key.IsInForce(_clock.GetUtcNow());
            return key;
        }

        inForce = false;
        return null;
    }

    /// <summary>Whether <paramref name="keyId"/> is a valid key id: 1 to 64 characters from <c>A–Z a–z 0–9 . _ ~ -</c>.</summary>
    public static bool IsValidKeyId(ReadOnlySpan<char> keyId) =>
        keyId.Length is > 0 and <= MaxKeyIdLength && !keyId.ContainsAnyExcept(KeyIdChars);

    /// <summary>Reads a <c>kid</c> from a header into <paramref name="destination"/>, if it is a valid key id.</summary>
    public static bool TryReadKeyId(ReadOnlySpan<byte> utf8, Span<char> destination, out int length)
    {
        length = 0;
        if (utf8.Length is 0 or > MaxKeyIdLength || !System.Text.Ascii.IsValid(utf8))
        {
            return false;
        }

        length = System.Text.Encoding.ASCII.GetChars(utf8, destination);
        return IsValidKeyId(destination[..length]);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }
}
