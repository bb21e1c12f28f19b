using CookieState.Serialization;

namespace CookieState.Protection;

/// <summary>
/// What a format brings beside its <see cref="IPayloadSealer"/>: the codec of the plaintext it seals, and whether the
/// compression frame may wrap that plaintext. Registered with the sealer, one per format. It holds no keys, so start-up
/// validation can ask which formats are registered without building a key ring, and <see cref="SessionFormats"/> builds
/// every format from what is registered without knowing any of them.
/// </summary>
internal interface IStateCodecProvider
{
    /// <summary>The format whose plaintext this codec reads and writes.</summary>
    CookieStateFormat Format { get; }

    /// <summary>Whether <see cref="CookieStateOptions.Compression"/> and <see cref="CookieStateOptions.PaddingBucket"/> apply.</summary>
    bool Compressible { get; }

    /// <summary>The codec, bounded by <paramref name="options"/>' limits.</summary>
    IStateCodec CreateCodec(CookieStateOptions options);
}
