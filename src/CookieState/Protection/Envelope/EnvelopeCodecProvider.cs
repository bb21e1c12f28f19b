using CookieState.Serialization;

namespace CookieState.Protection.Envelope;

/// <summary>The <see cref="CookieStateFormat.Envelope"/> format seals the current binary layout.</summary>
internal sealed class EnvelopeCodecProvider : IStateCodecProvider
{
    public CookieStateFormat Format => CookieStateFormat.Envelope;

    public bool Compressible => true;

    public IStateCodec CreateCodec(CookieStateOptions options) =>
        new BinaryStateCodec(BinaryLayout.Version3, options.MaxKeyCount, options.MaxKeyLength);
}
