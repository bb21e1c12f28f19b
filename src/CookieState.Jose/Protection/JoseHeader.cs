using System.Text.Json;

namespace CookieState.Jose.Protection;

/// <summary>
/// The protected header of a JOSE token, as far as CookieState reads it: a flat JSON object of at most
/// <see cref="MaxLength"/> bytes. Parameters other than these are ignored, unless listed in <c>crit</c>, which is refused.
/// Any member named twice is refused, whether CookieState reads it or not: RFC 7515 lets a parser take either copy, so
/// another reader of the same token could see a header this one did not.
/// </summary>
internal struct JoseHeader
{
    /// <summary>The largest decoded header read; CookieState's own is under 100 bytes.</summary>
    public const int MaxLength = 512;

    // The header object and the crit array.
    private const int MaxDepth = 2;

    public bool HasAlg;
    public bool AlgIsDir;
    public bool AlgIsHs256;
    public bool HasEnc;
    public bool EncIsA256CbcHs512;
    public bool HasKid;

    /// <summary>Where the <c>kid</c> value lies in the decoded header.</summary>
    public Range Kid;
    public bool HasZip;
    public bool HasCrit;
    public bool UnexpectedType;
    public long? RefreshAfter;

    /// <summary>Reads a decoded header; <see langword="false"/> for anything that is not a flat object of well-typed members.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out JoseHeader header)
    {
        header = default;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            var hasTyp = false;
            var hasCty = false;

            // Names of members read only to be skipped; CookieState's own header has none, so this stays unallocated.
            HashSet<string>? others = null;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    if (header.HasAlg || !TryReadPlainString(ref reader))
                    {
                        return false;
                    }

                    header.HasAlg = true;
                    header.AlgIsDir = reader.ValueSpan.SequenceEqual("dir"u8);
                    header.AlgIsHs256 = reader.ValueSpan.SequenceEqual("HS256"u8);
                }
                else if (reader.ValueTextEquals("enc"u8))
                {
                    if (header.HasEnc || !TryReadPlainString(ref reader))
                    {
                        return false;
                    }

                    header.HasEnc = true;
                    header.EncIsA256CbcHs512 = reader.ValueSpan.SequenceEqual("A256CBC-HS512"u8);
                }
                else if (reader.ValueTextEquals("kid"u8))
                {
                    if (header.HasKid || !TryReadPlainString(ref reader))
                    {
                        return false;
                    }

                    // A string token starts at its opening quote.
                    header.HasKid = true;
                    var start = (int)reader.TokenStartIndex + 1;
                    header.Kid = start..(start + reader.ValueSpan.Length);
                }
                else if (reader.ValueTextEquals("cs_refresh"u8))
                {
                    // The refresh hint, a NumericDate: a protected parameter, so authenticated and readable unopened.
                    reader.Read();
                    if (header.RefreshAfter is not null || reader.TokenType != JsonTokenType.Number
                        || !reader.TryGetInt64(out var refreshAfter) || refreshAfter < 0 || refreshAfter > uint.MaxValue)
                    {
                        return false;
                    }

                    header.RefreshAfter = refreshAfter;
                }
                else if (reader.ValueTextEquals("cty"u8) || reader.ValueTextEquals("typ"u8))
                {
                    ref var seen = ref reader.ValueTextEquals("typ"u8) ? ref hasTyp : ref hasCty;
                    if (seen)
                    {
                        return false;
                    }

                    seen = true;

                    // "JWT" (RFC 7519 §5.1) or nothing: the token handler labels even raw claims cty JWT; any other type
                    // says the token was minted for something else.
                    if (!TryReadPlainString(ref reader))
                    {
                        return false;
                    }

                    header.UnexpectedType |= !IsJwtType(reader.ValueSpan);
                }
                else
                {
                    // Compared unescaped, so "\u0078" and "x" are the same member, as they are to any JSON reader.
                    if (!(others ??= new HashSet<string>(StringComparer.Ordinal)).Add(reader.GetString()!))
                    {
                        return false;
                    }

                    header.HasZip |= reader.ValueTextEquals("zip"u8);
                    header.HasCrit |= reader.ValueTextEquals("crit"u8);
                    reader.Read();
                    reader.Skip();
                }
            }

            return reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0 && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryReadPlainString(ref Utf8JsonReader reader)
    {
        reader.Read();

        // Every value CookieState compares is plain ASCII; an escaped one is refused rather than unescaped.
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped;
    }

    private static bool IsJwtType(ReadOnlySpan<byte> type) =>
        System.Text.Ascii.EqualsIgnoreCase(type, "JWT"u8) || System.Text.Ascii.EqualsIgnoreCase(type, "application/jwt"u8);
}
