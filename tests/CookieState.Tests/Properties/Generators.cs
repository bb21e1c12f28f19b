using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Properties;

/// <summary>Generators for session contents: keys are any valid Unicode (NUL and astral planes included), values any bytes.</summary>
public static class Generators
{
    /// <summary>A Unicode scalar value: ASCII, NUL, Latin, CJK, astral, weighted towards the awkward ones.</summary>
    public static Gen<string> ScalarText(int maxScalars) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(maxScalars, size + 2)))
            .SelectMany(length => Gen.ArrayOf(Scalar(), length))
            .Select(scalars =>
            {
                var builder = new StringBuilder();
                foreach (var scalar in scalars)
                {
                    builder.Append(char.ConvertFromUtf32(scalar));
                }

                return builder.ToString();
            });

    public static Gen<int> Scalar() => Gen.Frequency(
        (4, Gen.Choose(0x20, 0x7E)),
        (1, Gen.Constant(0)),
        (1, Gen.Choose(0x01, 0x1F)),
        (2, Gen.Choose(0x80, 0x7FF)),
        (2, Gen.Choose(0x800, 0xD7FF)),
        (1, Gen.Choose(0xE000, 0xFFFD)),
        (2, Gen.Choose(0x10000, 0x10FFFF)));

    /// <summary>Byte arrays: mostly small, sometimes empty, sometimes tens of kilobytes.</summary>
    public static Gen<byte[]> Bytes() => Gen.Frequency(
        (1, Gen.Constant(Array.Empty<byte>())),
        (6, Gen.Sized(size => Gen.Choose(0, size * 4)).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))),
        (1, Gen.Choose(1_000, 70_000).SelectMany(n => Gen.Choose(0, 255).Select(b => FilledWithNoise(n, b)))));

    public static Gen<Dictionary<string, byte[]>> Entries(int maxKeys, int maxKeyScalars) =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(maxKeys, size)))
            .SelectMany(count => Gen.ListOf(Gen.Zip(ScalarText(maxKeyScalars), Bytes()), count))
            .Select(pairs =>
            {
                var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    entries[key] = value;
                }

                return entries;
            });

    /// <summary>Small entries, so that sealing stays cheap in crypto-heavy properties.</summary>
    public static Gen<Dictionary<string, byte[]>> SmallEntries() =>
        Gen.Choose(0, 6)
            .SelectMany(count => Gen.ListOf(
                Gen.Zip(ScalarText(12), Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))),
                count))
            .Select(pairs =>
            {
                var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
                foreach (var (key, value) in pairs)
                {
                    entries[key] = value;
                }

                return entries;
            });

    private static byte[] FilledWithNoise(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Describe(Dictionary<string, byte[]> entries) =>
        string.Join(", ", entries.Select(e => $"[{string.Join(' ', e.Key.EnumerateRunes().Select(r => r.Value.ToString("X", System.Globalization.CultureInfo.InvariantCulture)))}]={e.Value.Length}B"));
}
