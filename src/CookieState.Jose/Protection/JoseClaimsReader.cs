using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using CookieState.Protection;
using CookieState.Serialization;

namespace CookieState.Jose.Protection;

/// <summary>
/// Reads the JSON claims object of a JOSE token back into a session, strictly: bounded depth, every claim at most once,
/// the audience checked, <c>data</c> values in strict base64url, the key limits enforced. Expiry is not judged here: a
/// passed <c>exp</c> reaches <see cref="Lifetime.SessionLifetime"/> as the session's deadline and ends it there.
/// </summary>
internal sealed class JoseClaimsReader
{
    // The root object, the data object or the aud array, and one level for a foreign claim's own structure.
    private const int MaxDepth = 3;

    private static readonly long MaxSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private readonly string _audienceText;
    private readonly int _maxKeyCount;
    private readonly int _maxKeyLength;

    public JoseClaimsReader(string audience, int maxKeyCount, int maxKeyLength)
    {
        _audienceText = audience;
        _maxKeyCount = maxKeyCount;
        _maxKeyLength = maxKeyLength;
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
        Guid? id = null, lineage = null;
        string? userId = null;
        long? boundAt = null, persistentSince = null;
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
            else if (reader.ValueTextEquals("cs_lineage"u8))
            {
                lineage = Once(lineage, ReadSessionId(ref reader));
            }
            else if (reader.ValueTextEquals("cs_user"u8))
            {
                userId = userId is null ? ReadUserId(ref reader) : throw Duplicate();
            }
            else if (reader.ValueTextEquals("cs_bound"u8))
            {
                boundAt = Once(boundAt, ReadExactNumericDate(ref reader));
            }
            else if (reader.ValueTextEquals("cs_persistent"u8))
            {
                persistentSince = Once(persistentSince, ReadExactNumericDate(ref reader));
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

        if ((userId is null) != (boundAt is null))
        {
            throw SessionStateFormatException.Malformed("The claims cs_user and cs_bound come together or not at all.");
        }

        // A token of an earlier version (or another stack) may carry the binding as the data entry it used then.
        var legacyUser = SessionUser.Lift(entries);
        SessionUser? user = userId is null ? legacyUser : new SessionUser(userId, DateTimeOffset.FromUnixTimeMilliseconds(boundAt!.Value));

        // nbf after iat moves the issue time: the lifetime rules then refuse it as issued in the future, or count from it.
        var issued = Math.Max(issuedAt.Value, notBefore ?? 0);
        var header = new SessionHeader(
            id.Value,
            DateTimeOffset.FromUnixTimeMilliseconds(createdAt ?? issuedAt.Value),
            DateTimeOffset.FromUnixTimeMilliseconds(issued),
            idleTimeout,
            DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.Value),
            Lineage: lineage ?? id.Value,
            User: user,
            PersistentSince: persistentSince is { } since ? DateTimeOffset.FromUnixTimeMilliseconds(since) : null);
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

    private static string ReadUserId(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String && reader.GetString() is { Length: > 0 } userId
            ? userId
            : throw SessionStateFormatException.Malformed("The cs_user claim is not a non-empty string.");
    }

    /// <summary>A NumericDate to the exact millisecond (read as a decimal, so that <c>1795435200.123</c> is not 122 ms).</summary>
    private static long ReadExactNumericDate(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var seconds) && seconds >= 0 && seconds <= MaxSeconds)
        {
            return (long)decimal.Floor(seconds * 1000);
        }

        throw SessionStateFormatException.Malformed("A time claim is not a NumericDate.");
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
            var key = reader.GetString()!;

            // The binding entry of a 0.2 token (or of WriteLegacyHeader) is not a session key: it moves into the header.
            var keys = entries.Count - (entries.ContainsKey(SessionUser.LegacyKey) ? 1 : 0);
            if (keys == _maxKeyCount && key != SessionUser.LegacyKey)
            {
                throw SessionStateFormatException.Oversized("The state holds more keys than allowed.");
            }

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
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || !Base64UrlText.IsValid(text))
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
}
