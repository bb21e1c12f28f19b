using CookieState.Serialization;
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
    private readonly HashSet<CookieStateFormat>? _read;

    public SessionFormats(IOptions<CookieStateOptions> options, IEnumerable<IPayloadSealer> sealers, IEnumerable<IStateCodecProvider> codecs)
    {
        var settings = options.Value;
        var compression = new PayloadCompression(settings.Compression, settings.MaxDecompressedSize, settings.PaddingBucket);

        // The last sealer and codec registered for a format win, as with any replaced service.
        var codecByFormat = codecs.GroupBy(c => c.Format).ToDictionary(g => g.Key, g => g.Last());
        _readers = sealers
            .GroupBy(s => s.Format)
            .Select(g => codecByFormat.TryGetValue(g.Key, out var codec)
                ? new SessionFormat(codec.CreateCodec(settings), g.Last(), codec.Compressible ? compression : null)
                : throw new InvalidOperationException($"The {g.Key} sealer is registered without its codec (IStateCodecProvider)."))
            .ToArray();
        _fallback = Array.Find(_readers, f => f.Kind == CookieStateFormat.DataProtection);
        Writer = Array.Find(_readers, f => f.Kind == settings.Format)
            ?? throw new InvalidOperationException($"No sealer is registered for the format {settings.Format}.");

        // Every format is still recognised, so that a cookie in one no longer read is refused by name, not misread as another.
        _read = settings.ReadFormats.Count == 0 ? null : [.. settings.ReadFormats, settings.Format];
    }

    /// <summary>Whether cookies in <paramref name="format"/> are read (<see cref="CookieStateOptions.ReadFormats"/>).</summary>
    public bool Reads(SessionFormat format) => _read is null || _read.Contains(format.Kind);

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
}
