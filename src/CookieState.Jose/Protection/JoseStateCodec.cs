using System.Buffers.Text;
using CookieState.Lifetime;
using CookieState.Serialization;

namespace CookieState.Jose.Protection;

/// <summary>
/// The state of the <see cref="CookieStateFormat.Jose"/> format: the JSON claims object that is the JWE plaintext (or the
/// JWS payload), readable by any JOSE library. Written compact, in this order:
/// <code>
/// {"sid":"&lt;uuid&gt;","iat":N,"exp":N,"aud":"&lt;audience&gt;","cs_created":N[,"cs_idle":S],"cs_lineage":"&lt;uuid&gt;"[,"cs_user":"&lt;id&gt;","cs_bound":S][,"cs_persistent":S],"data":{"&lt;key&gt;":"&lt;base64url&gt;",…}}
/// </code>
/// <c>cs_lineage</c> is the session's lineage id (what revocation keys on; <c>sid</c> when absent); <c>cs_user</c> and
/// <c>cs_bound</c> (a NumericDate to the millisecond) are the user binding, present only for a bound session. While
/// <c>cs_persistent</c> (a NumericDate to the millisecond) is when a persistent ("remember me") session was made so; absent
/// for a browser-session one; its <c>cs_idle</c> is then its sliding lifetime, and <c>exp</c> covers it. While
/// <see cref="CookieStateOptions.WriteLegacyHeader"/> is on, the token is what CookieState 0.2 wrote: no
/// <c>cs_lineage</c>, and the binding as the <c>.CookieState.User</c> data entry.
/// <c>iat</c>, <c>exp</c> and <c>cs_created</c> are NumericDates (whole seconds when written; fractions are read).
/// <c>exp</c> is the first whole second after <c>iat</c> plus the validity window of the effective idle timeout
/// (<see cref="SessionLifetime.ValidityWindow"/>: idle timeout × (1 + refresh threshold)), so that a JOSE library that
/// checks <c>exp</c> accepts the token as long as CookieState does; <c>cs_created</c> is when the session started (the absolute
/// timeout counts from it; <c>iat</c> when absent); <c>cs_idle</c> is the session's own idle timeout in seconds, present
/// only when it has one. Claims other than these and <c>nbf</c> are ignored. The time rules themselves are
/// <see cref="SessionLifetime"/>'s: this codec never refuses a token for being expired.
/// </summary>
internal sealed class JoseStateCodec : IStateCodec
{
    private const int GuidLength = 36;

    private readonly byte[] _audience;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _maxIdleTimeout;
    private readonly double _refreshThreshold;
    private readonly JoseClaimsReader _reader;
    private readonly bool _legacyHeader;
    private readonly TimeSpan? _maxPersistentLifetime;

    public JoseStateCodec(
        string audience,
        TimeSpan idleTimeout,
        TimeSpan maxIdleTimeout,
        double refreshThreshold,
        int maxKeyCount,
        int maxKeyLength,
        bool legacyHeader = false,
        TimeSpan? maxPersistentLifetime = null)
    {
        _maxPersistentLifetime = maxPersistentLifetime;
        _legacyHeader = legacyHeader;
        _audience = new byte[JoseJson.GetStringLength(audience)];
        JoseJson.WriteString(_audience, audience);
        _idleTimeout = idleTimeout;
        _maxIdleTimeout = maxIdleTimeout;
        _refreshThreshold = refreshThreshold;
        _reader = new JoseClaimsReader(audience, maxKeyCount, maxKeyLength);
    }

    private static ReadOnlySpan<byte> SidStart => "{\"sid\":\""u8;

    private static ReadOnlySpan<byte> IatStart => "\",\"iat\":"u8;

    private static ReadOnlySpan<byte> ExpStart => ",\"exp\":"u8;

    private static ReadOnlySpan<byte> AudStart => ",\"aud\":\""u8;

    private static ReadOnlySpan<byte> CreatedStart => "\",\"cs_created\":"u8;

    private static ReadOnlySpan<byte> IdleStart => ",\"cs_idle\":"u8;

    private static ReadOnlySpan<byte> LineageStart => ",\"cs_lineage\":\""u8;

    private static ReadOnlySpan<byte> UserStart => ",\"cs_user\":\""u8;

    private static ReadOnlySpan<byte> BoundStart => "\",\"cs_bound\":"u8;

    private static ReadOnlySpan<byte> PersistentStart => ",\"cs_persistent\":"u8;

    private static ReadOnlySpan<byte> Quote => "\""u8;

    private static ReadOnlySpan<byte> DataStart => ",\"data\":{"u8;

    private static ReadOnlySpan<byte> End => "}}"u8;

    /// <summary><c>"key":"value",</c>: the comma after the last entry is not written, and <see cref="GetLength"/> takes it off.</summary>
    public int GetEntrySize(string key, int valueLength) => JoseJson.GetStringLength(key) + Base64Url.GetEncodedLength(valueLength) + 6;

    public int GetLength(in SessionHeader header, int count, int entriesSize)
    {
        if (_legacyHeader && header.User is { } legacy)
        {
            count++;
            entriesSize += GetEntrySize(SessionUser.LegacyKey, legacy.LegacyLength);
        }

        var length = SidStart.Length + GuidLength + IatStart.Length + JoseJson.GetIntegerLength(Seconds(header.IssuedAt))
            + ExpStart.Length + JoseJson.GetIntegerLength(ExpirySeconds(header))
            + AudStart.Length + _audience.Length + CreatedStart.Length + JoseJson.GetIntegerLength(Seconds(header.CreatedAt))
            + DataStart.Length + entriesSize - (count > 0 ? 1 : 0) + End.Length;
        if (header.IdleTimeout is { } timeout)
        {
            length += IdleStart.Length + JoseJson.GetSecondsLength(Milliseconds(timeout));
        }

        if (!_legacyHeader)
        {
            length += LineageStart.Length + GuidLength + Quote.Length;
            if (header.User is { } user)
            {
                length += UserStart.Length + JoseJson.GetStringLength(user.UserId) + BoundStart.Length
                    + JoseJson.GetSecondsLength(BoundMilliseconds(user));
            }

            if (header.PersistentSince is { } since)
            {
                length += PersistentStart.Length + JoseJson.GetSecondsLength(Math.Max(0, since.ToUnixTimeMilliseconds()));
            }
        }

        return length;
    }

    public void Write(in SessionHeader header, Dictionary<string, byte[]> entries, int entriesSize, Span<byte> destination)
    {
        var offset = Append(destination, 0, SidStart);
        header.Id.TryFormat(destination[offset..], out var written, "D");
        offset += written;
        offset = Append(destination, offset, IatStart);
        offset += JoseJson.WriteInteger(destination[offset..], Seconds(header.IssuedAt));
        offset = Append(destination, offset, ExpStart);
        offset += JoseJson.WriteInteger(destination[offset..], ExpirySeconds(header));
        offset = Append(destination, offset, AudStart);
        offset = Append(destination, offset, _audience);
        offset = Append(destination, offset, CreatedStart);
        offset += JoseJson.WriteInteger(destination[offset..], Seconds(header.CreatedAt));
        if (header.IdleTimeout is { } timeout)
        {
            offset = Append(destination, offset, IdleStart);
            offset += JoseJson.WriteSeconds(destination[offset..], Milliseconds(timeout));
        }

        if (!_legacyHeader)
        {
            offset = Append(destination, offset, LineageStart);
            header.LineageId.TryFormat(destination[offset..], out written, "D");
            offset += written;
            offset = Append(destination, offset, Quote);
            if (header.User is { } user)
            {
                offset = Append(destination, offset, UserStart);
                offset += JoseJson.WriteString(destination[offset..], user.UserId);
                offset = Append(destination, offset, BoundStart);
                offset += JoseJson.WriteSeconds(destination[offset..], BoundMilliseconds(user));
            }

            if (header.PersistentSince is { } since)
            {
                offset = Append(destination, offset, PersistentStart);
                offset += JoseJson.WriteSeconds(destination[offset..], Math.Max(0, since.ToUnixTimeMilliseconds()));
            }
        }

        offset = Append(destination, offset, DataStart);
        var first = true;
        foreach (var (key, value) in entries)
        {
            offset = WriteEntry(destination, offset, key, value, first);
            first = false;
        }

        if (_legacyHeader && header.User is { } legacy)
        {
            offset = WriteEntry(destination, offset, SessionUser.LegacyKey, legacy.EncodeLegacy(), first);
        }

        offset = Append(destination, offset, End);
        if (offset != destination.Length)
        {
            throw new InvalidOperationException("The state changed while it was being written.");
        }
    }

    public SessionPayload Read(ReadOnlySpan<byte> plaintext) => _reader.Read(plaintext);

    private static int WriteEntry(Span<byte> destination, int offset, string key, byte[] value, bool first)
    {
        if (!first)
        {
            destination[offset++] = (byte)',';
        }

        destination[offset++] = (byte)'"';
        offset += JoseJson.WriteString(destination[offset..], key);
        offset = Append(destination, offset, "\":\""u8);
        offset += Base64Url.EncodeToUtf8(value, destination[offset..]);
        destination[offset++] = (byte)'"';
        return offset;
    }

    private static long BoundMilliseconds(SessionUser user) => Math.Max(0, user.BoundAt.ToUnixTimeMilliseconds());

    private long ExpirySeconds(in SessionHeader header)
    {
        // The first whole second after the window: a token expires on or after exp (RFC 7519), while the server's window
        // includes its last instant, so exp must lie strictly past it for the two rules to agree.
        var window = SessionLifetime.ValidityWindow(
            SessionLifetime.EffectiveIdleTimeout(header, _idleTimeout, _maxIdleTimeout, _maxPersistentLifetime), _refreshThreshold);
        var expiry = Seconds(header.IssuedAt) + (window.Ticks / TimeSpan.TicksPerSecond) + 1;
        return header.ExpiresAt is { } earlier && Seconds(earlier) < expiry ? Seconds(earlier) : expiry;
    }

    private static long Seconds(DateTimeOffset time) => Math.Max(0, time.ToUnixTimeSeconds());

    private static long Milliseconds(TimeSpan timeout) => Math.Max(1, (long)timeout.TotalMilliseconds);

    private static int Append(Span<byte> destination, int offset, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(destination[offset..]);
        return offset + bytes.Length;
    }
}
