using System.Security.Cryptography;

namespace CookieState.Protection.Envelope;

/// <summary>
/// Where the envelope format draws its randomness (data key material, each seal's nonce input): the system generator,
/// replaced only by tests that play two clones of one process, whose generators return the same bytes.
/// </summary>
internal sealed class EnvelopeRandom
{
    private readonly Action<Span<byte>> _fill;

    public EnvelopeRandom(Action<Span<byte>> fill) => _fill = fill;

    /// <summary><see cref="RandomNumberGenerator.Fill"/>.</summary>
    public static EnvelopeRandom System { get; } = new(RandomNumberGenerator.Fill);

    public void Fill(Span<byte> destination) => _fill(destination);
}
