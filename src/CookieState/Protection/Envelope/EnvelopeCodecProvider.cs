using CookieState.Serialization;

namespace CookieState.Protection.Envelope;

/// <summary>
/// The <see cref="CookieStateFormat.Envelope"/> format seals the current binary layout, or the one before it while
/// <see cref="CookieStateOptions.WriteLegacyHeader"/> holds a rolling upgrade back.
/// </summary>
internal sealed class EnvelopeCodecProvider : IStateCodecProvider
{
    public CookieStateFormat Format => CookieStateFormat.Envelope;

    public bool Compressible => true;

    public IStateCodec CreateCodec(CookieStateOptions options) =>
        new BinaryStateCodec(options.WriteLegacyHeader ? BinaryLayout.Version3 : BinaryLayout.Version4, options.MaxKeyCount, options.MaxKeyLength);
}
