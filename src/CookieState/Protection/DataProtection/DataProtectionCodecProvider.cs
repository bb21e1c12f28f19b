using CookieState.Serialization;

namespace CookieState.Protection.DataProtection;

/// <summary>The <see cref="CookieStateFormat.DataProtection"/> format seals the first binary layout.</summary>
internal sealed class DataProtectionCodecProvider : IStateCodecProvider
{
    public CookieStateFormat Format => CookieStateFormat.DataProtection;

    public bool Compressible => true;

    public IStateCodec CreateCodec(CookieStateOptions options) =>
        new BinaryStateCodec(BinaryLayout.Version1, options.MaxKeyCount, options.MaxKeyLength);
}
