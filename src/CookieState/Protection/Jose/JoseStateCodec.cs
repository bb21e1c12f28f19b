using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using CookieState.Format;
using CookieState.Lifetime;

namespace CookieState.Protection.Jose;

/// <summary>
/// The state of the <see cref="CookieStateFormat.Jose"/> format: the JSON claims object that is the JWE plaintext (or the
/// JWS payload), readable by any JOSE library. Written compact, in this order:
/// <code>
/// {"sid":"&lt;uuid&gt;","iat":N,"exp":N,"aud":"&lt;audience&gt;","cs_created":N[,"cs_idle":S],"data":{"&lt;key&gt;":"&lt;base64url&gt;",…}}
/// </code>
/// <c>iat</c>, <c>exp</c> and <c>cs_created</c> are NumericDates (whole seconds when written; fractions are read).
/// <c>exp</c> is <c>iat</c> plus the effective idle timeout; <c>cs_created</c> is when the session started (the absolute
/// timeout counts from it; <c>iat</c> when absent); <c>cs_idle</c> is the session's own idle timeout in seconds, present
/// only when it has one. Claims other than these and <c>nbf</c> are ignored. The time rules themselves are
/// <see cref="SessionLifetime"/>'s: this codec never refuses a token for being expired.
/// </summary>
internal sealed class JoseStateCodec : IStateCodec
{
    // The root object, the data object or the aud array, and one level for a foreign claim's own structure.
    private const int MaxDepth = 3;
    private const int GuidLength = 36;

    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly byte[] _audience;
    private readonly string _audienceText;
    private readonly TimeSpan _idleTimeout;
    private readonly TimeSpan _maxIdleTimeout;
    private readonly int _maxKeyCount;
    private readonly int _maxKeyLength;

    public JoseStateCodec(string audience, TimeSpan idleTimeout, TimeSpan maxIdleTimeout, int maxKeyCount, int maxKeyLength)
    {
        _audienceText = audience;
        _audience = new byte[JoseJson.GetStringLength(audience)];
        JoseJson.WriteString(_audience, audience);
        _idleTimeout = idleTimeout;
        _maxIdleTimeout = maxIdleTimeout;
        _maxKeyCount = maxKeyCount;
        _maxKeyLength = maxKeyLength;
    }

    private static ReadOnlySpan<byte> SidStart => "{\"sid\":\""u8;

    private static ReadOnlySpan<byte> IatStart => "\",\"iat\":"u8;

    private static ReadOnlySpan<byte> ExpStart => ",\"exp\":"u8;

    private static ReadOnlySpan<byte> AudStart => ",\"aud\":\""u8;

    private static ReadOnlySpan<byte> CreatedStart => "\",\"cs_created\":"u8;

    private static ReadOnlySpan<byte> IdleStart => ",\"cs_idle\":"u8;

    private static ReadOnlySpan<byte> DataStart => ",\"data\":{"u8;

    private static ReadOnlySpan<byte> End => "}}"u8;

    /// <summary><c>"key":"value",</c>: the comma after the last entry is not written, and <see cref="GetLength"/> takes it off.</summary>
    public int GetEntrySize(string key, int valueLength) => JoseJson.GetStringLength(key) + Base64Url.GetEncodedLength(valueLength) + 6;

    public int GetLength(in SessionHeader header, int count, int entriesSize)
    {
        var length = SidStart.Length + GuidLength + IatStart.Length + JoseJson.GetIntegerLength(Seconds(header.IssuedAt))
            + ExpStart.Length + JoseJson.GetIntegerLength(ExpirySeconds(header))
            + AudStart.Length + _audience.Length + CreatedStart.Length + JoseJson.GetIntegerLength(Seconds(header.CreatedAt))
            + DataStart.Length + entriesSize - (count > 0 ? 1 : 0) + End.Length;
        if (header.IdleTimeout is { } timeout)
        {
            length += IdleStart.Length + JoseJson.GetSecondsLength(Milliseconds(timeout));
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

        offset = Append(destination, offset, DataStart);
        var first = true;
        foreach (var (key, value) in entries)
        {
            if (!first)
            {
                destination[offset++] = (byte)',';
            }

            first = false;
            destination[offset++] = (byte)'"';
            offset += JoseJson.WriteString(destination[offset..], key);
            offset = Append(destination, offset, "\":\""u8);
            offset += Base64Url.EncodeToUtf8(value, destination[offset..]);
            destination[offset++] = (byte)'"';
        }

        offset = Append(destination, offset, End);
        if (offset != destination.Length)
        {
            throw new InvalidOperationException("The state changed while it was being written.");
        }
    }

    public SessionPayload Read(ReadOnlySpan<byte> plaintext)
    {
        // A JWT nested in the JWE (cty: JWT, the token handler's default) or anything else that is not the claims object.
        if (plaintext.IsEmpty || plaintext[0] != (byte)'{')
        {
            throw SessionStateFormatException.Malformed("The JOSE payload is not a JSON claims object.");
        }

        try
        {
            return ReadClaims(plaintext);
        }
        catch (JsonException)
        {
            throw SessionStateFormatException.Malformed("The JOSE payload is not valid JSON, or nests too deeply.");
        }
        catch (InvalidOperationException)
        {
            throw SessionStateFormatException.Malformed("The JOSE payload holds a string that is not valid UTF-8.");
        }
    }

    private SessionPayload ReadClaims(ReadOnlySpan<byte> plaintext)
    {
        var reader = new Utf8JsonReader(plaintext, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        Guid? id = null;
        long? issuedAt = null, expiresAt = null, createdAt = null, notBefore = null;
        TimeSpan? idleTimeout = null;
        bool? audience = null;
        Dictionary<string, byte[]>? entries = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("sid"u8))
            {
                id = Once(id, ReadSessionId(ref reader));
            }
            else if (reader.ValueTextEquals("iat"u8))
            {
                issuedAt = Once(issuedAt, ReadNumericDate(ref reader));
            }
            else if (reader.ValueTextEquals("exp"u8))
            {
                expiresAt = Once(expiresAt, ReadNumericDate(ref reader));
            }
            else if (reader.ValueTextEquals("aud"u8))
            {
                audience = Once(audience, ReadAudience(ref reader));
            }
            else if (reader.ValueTextEquals("cs_created"u8))
            {
                createdAt = Once(createdAt, ReadNumericDate(ref reader));
            }
            else if (reader.ValueTextEquals("cs_idle"u8))
            {
                idleTimeout = Once(idleTimeout, ReadIdleTimeout(ref reader));
            }
            else if (reader.ValueTextEquals("nbf"u8))
            {
                notBefore = Once(notBefore, ReadNumericDate(ref reader));
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                entries = entries is null ? ReadData(ref reader) : throw Duplicate();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // The reader refuses anything but white space after the object.
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
        {
            throw SessionStateFormatException.Malformed("The JOSE payload has content after its claims object.");
        }

        if (audience is not true)
        {
            throw new SessionStateFormatException(CookieStateRejectionReason.AudienceMismatch, "The token's aud claim is missing or names another audience.");
        }

        if (id is null || issuedAt is null || expiresAt is null || entries is null)
        {
            throw SessionStateFormatException.Malformed("The JOSE payload lacks one of the claims sid, iat, exp, data.");
        }

        // nbf after iat moves the issue time: the lifetime rules then refuse it as issued in the future, or count from it.
        var issued = Math.Max(issuedAt.Value, notBefore ?? 0);
        var header = new SessionHeader(
            id.Value,
            DateTimeOffset.FromUnixTimeMilliseconds(createdAt ?? issuedAt.Value),
            DateTimeOffset.FromUnixTimeMilliseconds(issued),
            idleTimeout,
            DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.Value));
        return new SessionPayload(header, entries);
    }

    private static Guid ReadSessionId(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped
            || !Utf8Parser.TryParse(reader.ValueSpan, out Guid id, out var consumed, 'D') || consumed != reader.ValueSpan.Length)
        {
            throw SessionStateFormatException.Malformed("The sid claim is not a UUID string.");
        }

        return id;
    }

    /// <summary>A NumericDate as Unix milliseconds: a non-negative number of seconds, fractions allowed.</summary>
    private static long ReadNumericDate(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var seconds) && seconds >= 0 && seconds <= MaxSeconds)
            {
                return seconds * 1000;
            }

            if (reader.TryGetDouble(out var value) && value >= 0 && value <= MaxSeconds)
            {
                return (long)Math.Floor(value * 1000);
            }
        }

        throw SessionStateFormatException.Malformed("A time claim is not a NumericDate.");
    }

    private static TimeSpan ReadIdleTimeout(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && seconds >= 0.001 && seconds <= int.MaxValue)
        {
            return TimeSpan.FromMilliseconds(Math.Round(seconds * 1000));
        }

        throw SessionStateFormatException.Malformed("The cs_idle claim is not a positive number of seconds.");
    }

    /// <summary>Whether the aud claim (a string, or an array of strings) names this audience.</summary>
    private bool ReadAudience(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals(_audienceText);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw SessionStateFormatException.Malformed("The aud claim is neither a string nor an array of strings.");
        }

        var found = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            found |= reader.TokenType == JsonTokenType.String
                ? reader.ValueTextEquals(_audienceText)
                : throw SessionStateFormatException.Malformed("The aud claim holds something other than strings.");
        }

        return found;
    }

    private Dictionary<string, byte[]> ReadData(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw SessionStateFormatException.Malformed("The data claim is not an object.");
        }

        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (entries.Count == _maxKeyCount)
            {
                throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
            }

            var key = reader.GetString()!;
            if (Encoding.UTF8.GetByteCount(key) > _maxKeyLength)
            {
                throw SessionStateFormatException.Oversized("A key is longer than allowed.");
            }

            reader.Read();
            if (!entries.TryAdd(key, ReadValue(ref reader)))
            {
                throw SessionStateFormatException.Malformed("A key appears twice in the data claim.");
            }
        }

        return entries;
    }

    /// <summary>Strict base64url: the 64 characters only, no padding, no escapes, zero unused bits.</summary>
    private static byte[] ReadValue(ref Utf8JsonReader reader)
    {
        var text = reader.ValueSpan;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || text.ContainsAnyExcept(JoseJson.Base64UrlBytes) || text.Length % 4 == 1)
        {
            throw SessionStateFormatException.Malformed("A data value is not base64url.");
        }

        var value = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromUtf8(text, value, out _, out var written) != OperationStatus.Done || written != value.Length)
        {
            throw SessionStateFormatException.Malformed("A data value is not base64url.");
        }

        return value;
    }

    private static T Once<T>(T? current, T value)
        where T : struct =>
        current is null ? value : throw Duplicate();

    private static SessionStateFormatException Duplicate() => SessionStateFormatException.Malformed("A claim appears twice.");

    private long ExpirySeconds(in SessionHeader header)
    {
        // Rounded up, so that the token never expires before the server's own rule says the session does.
        var window = SessionLifetime.EffectiveIdleTimeout(header.IdleTimeout, _idleTimeout, _maxIdleTimeout);
        var expiry = Seconds(header.IssuedAt) + ((window.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond);
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
