using CookieState.Cookies;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Security;

/// <summary>One way of changing a sealed cookie set, and what the reader may call it.</summary>
public sealed record TamperCase(
    Dictionary<string, byte[]> Entries,
    CookieStateFormat Format,
    TamperCase.Mutation Kind,
    int Chunk,
    int Other,
    int Position,
    char Character,
    string Suffix)
{
    // Cookie-safe characters, '=' and '.' included: a lenient decoder would tolerate padding, so it must be tried.
    private const string CookieChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=!~*";

    private static readonly CookieStateRejectionReason[] DataChanged =
        [CookieStateRejectionReason.Tampered, CookieStateRejectionReason.Malformed, CookieStateRejectionReason.UnknownKey];

    private static readonly CookieStateRejectionReason[] StructureChanged =
        [CookieStateRejectionReason.Malformed, CookieStateRejectionReason.ChunkMismatch, CookieStateRejectionReason.Oversized,
         CookieStateRejectionReason.Tampered, CookieStateRejectionReason.UnknownKey];

    /// <summary>
    /// The expectation that the original session is read unchanged: a repeated identical cookie is what a browser sends for
    /// a planted copy, and the copy that authenticates is the session (cookie tossing, issue 19).
    /// </summary>
    internal static readonly CookieStateRejectionReason[] Unchanged = [CookieStateRejectionReason.ChunkMismatch];

    public enum Mutation
    {
        ChangeOneCharacter,
        Truncate,
        Extend,
        DropChunk,
        DuplicateChunk,
        SwapChunks,
        CaseVariantName,
        RepeatCookie,
    }

    public override string ToString() =>
        $"{Format} {Kind} chunk={Chunk} other={Other} position={Position} char='{Character}' suffix='{Suffix}' entries={Generators.Describe(Entries)}";

    public static Gen<TamperCase> Generator() =>
        from entries in Generators.SmallEntries()
        from format in Gen.Elements(CookieStateFormat.Envelope, CookieStateFormat.DataProtection)
        from mutation in Gen.Elements(Enum.GetValues<Mutation>())
        from chunk in Gen.Choose(0, 1000)
        from other in Gen.Choose(0, 1000)
        from position in Gen.Choose(0, 100_000)
        from character in Gen.Elements(CookieChars.ToCharArray())
        from suffixLength in Gen.Choose(1, 6)
        from suffix in Gen.ArrayOf(Gen.Elements(CookieChars.ToCharArray()), suffixLength)
        select new TamperCase(entries, format, mutation, chunk, other, position, character, new string(suffix));

    /// <summary>Applies the mutation; an empty expectation means the request ends up carrying no session cookie at all.</summary>
    internal (List<RequestCookie> Cookies, CookieStateRejectionReason[] Expected) Apply(List<RequestCookie> original)
    {
        var cookies = original.ToList();
        var count = cookies.Count;
        var index = Chunk % count;
        var value = cookies[index].Value;
        var dataStart = ChunkHeader.IsChunked(value) ? value.IndexOf('.', value.IndexOf('.') + 1) + 1 : 0;
        switch (Kind)
        {
            case Mutation.ChangeOneCharacter:
            {
                var position = Position % value.Length;
                var replacement = value[position] == Character ? (Character == 'A' ? 'B' : 'A') : Character;
                cookies[index] = cookies[index] with { Value = string.Concat(value.AsSpan(0, position), [replacement], value.AsSpan(position + 1)) };
                return (cookies, position >= dataStart ? DataChanged : StructureChanged);
            }

            case Mutation.Truncate:
            {
                var length = Position % value.Length;
                cookies[index] = cookies[index] with { Value = value[..length] };
                return length == 0 && count == 1 ? (cookies, []) : (cookies, StructureChanged);
            }

            case Mutation.Extend:
                cookies[index] = cookies[index] with { Value = value + Suffix };
                return (cookies, DataChanged);

            case Mutation.DropChunk:
                if (count == 1)
                {
                    // Nothing left would be no session at all; drop the data instead.
                    cookies[0] = cookies[0] with { Value = value[..dataStart] };
                    return dataStart == 0 ? (cookies, []) : (cookies, StructureChanged);
                }

                cookies.RemoveAt(index);
                return (cookies, [CookieStateRejectionReason.ChunkMismatch]);

            case Mutation.DuplicateChunk:
                cookies.Add(new RequestCookie(cookies[0].Name + "C" + (count + 1), value));
                return (cookies, [CookieStateRejectionReason.ChunkMismatch]);

            case Mutation.CaseVariantName:
            {
                var name = cookies[index].Name;
                var variant = name == name.ToUpperInvariant() ? name.ToLowerInvariant() : name.ToUpperInvariant();
                cookies[index] = cookies[index] with { Name = variant };

                // A case variant is ignored like a planted duplicate: the renamed cookie is simply missing. Without the
                // main cookie there is no session to read; without another chunk the set does not join.
                return index == 0 ? (cookies, []) : (cookies, [CookieStateRejectionReason.ChunkMismatch]);
            }

            case Mutation.RepeatCookie:
                cookies.Insert(Other % (count + 1), cookies[index]);
                return (cookies, Unchanged);

            default:
                if (count == 1)
                {
                    // One chunk cannot be reordered: send it under a chunk name instead of the main name.
                    cookies[0] = cookies[0] with { Name = cookies[0].Name + "C2" };
                    return (cookies, [CookieStateRejectionReason.ChunkMismatch]);
                }

                var other = (index + 1 + (Other % (count - 1))) % count;
                (cookies[index], cookies[other]) = (cookies[index] with { Value = cookies[other].Value }, cookies[other] with { Value = cookies[index].Value });

                // The main cookie's number is the count; swapped with the last chunk, whose index is the count, the numbers
                // still agree and only the content (tag, then authentication) catches it.
                var mainAndLast = Math.Min(index, other) == 0 && Math.Max(index, other) == count - 1;
                return (cookies, mainAndLast ? DataChanged : [CookieStateRejectionReason.ChunkMismatch]);
        }
    }
}
