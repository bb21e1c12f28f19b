using CookieState.Format;
using CookieState.Protection.Jose;
using Microsoft.Extensions.Options;

namespace CookieState.Protection;

/// <summary>
/// Every format this node reads, and the one it writes (<see cref="CookieStateOptions.Format"/>). Sealed text names its
/// format by its first characters; text no format claims is given to Data Protection, the format without a prefix of its own.
/// </summary>
internal sealed class SessionFormats
{
    private readonly SessionFormat[] _readers;
    private readonly SessionFormat? _fallback;

    public SessionFormats(IOptions<CookieStateOptions> options, IEnumerable<IPayloadSealer> sealers)
    {
        var settings = options.Value;
        var compression = new PayloadCompression(settings.Compression, settings.MaxDecompressedSize, settings.PaddingBucket);

        // The last sealer registered for a format wins, as with any replaced service. A JOSE payload is the claims object
        // other stacks read as it is: never compressed or padded.
        _readers = sealers
            .GroupBy(s => s.Format)
            .Select(g => new SessionFormat(CreateCodec(g.Key, settings), g.Last(), g.Key == CookieStateFormat.Jose ? null : compression))
            .ToArray();
        _fallback = Array.Find(_readers, f => f.Kind == CookieStateFormat.DataProtection);
        Writer = Array.Find(_readers, f => f.Kind == settings.Format)
            ?? throw new InvalidOperationException($"No sealer is registered for the format {settings.Format}.");
    }

    /// <summary>The format new cookies are sealed in.</summary>
    public SessionFormat Writer { get; }

    /// <summary>The format <paramref name="sealedText"/> is in, by its first characters.</summary>
    public SessionFormat? Find(ReadOnlySpan<char> sealedText)
    {
        foreach (var format in _readers)
        {
            if (format.Sealer.Recognizes(sealedText))
            {
                return format;
            }
        }

        return _fallback;
    }

    private static IStateCodec CreateCodec(CookieStateFormat format, CookieStateOptions options) =>
        format switch
        {
            CookieStateFormat.DataProtection => new BinaryStateCodec(BinaryLayout.Version1, options.MaxKeyCount, options.MaxKeyLength),
            CookieStateFormat.Jose => new JoseStateCodec(
                options.Jose.Audience, options.IdleTimeout, options.MaxIdleTimeout ?? options.IdleTimeout, options.MaxKeyCount, options.MaxKeyLength),
            _ => new BinaryStateCodec(BinaryLayout.Version3, options.MaxKeyCount, options.MaxKeyLength),
        };
}
