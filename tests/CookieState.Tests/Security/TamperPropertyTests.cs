using FsCheck.Fluent;
using Microsoft.AspNetCore.DataProtection;
using Xunit.Abstractions;

namespace CookieState.Tests.Security;

/// <summary>
/// Every way of changing a sealed cookie set is rejected: an empty session, the right <see cref="CookieStateRejectionReason"/>,
/// and no exception. Run against the store and the real protector so that thousands of cases stay fast.
/// </summary>
public sealed class TamperPropertyTests(ITestOutputHelper output) : IDisposable
{
    // Cookie-safe characters, '=' and '.' included: the decoder tolerates padding, so it must be tried.
    private const string CookieChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=!~*";

    private readonly StoreHarness _harness = new(o =>
    {
        o.ChunkSize = 300;
        o.MaxCookieSize = 64 * 1024;
        o.MaxChunkCount = 999;
    });

    public enum Mutation
    {
        ChangeOneCharacter,
        Truncate,
        Extend,
        DropChunk,
        DuplicateChunk,
        SwapChunks,
    }

    public sealed record Case(Dictionary<string, byte[]> Entries, Mutation Mutation, int Chunk, int Other, int Position, char Character, string Suffix)
    {
        public override string ToString() =>
            $"{Mutation} chunk={Chunk} other={Other} position={Position} char='{Character}' suffix='{Suffix}' entries={Generators.Describe(Entries)}";
    }

    internal static FsCheck.Gen<Case> Cases() =>
        from entries in Generators.SmallEntries()
        from mutation in Gen.Elements(Enum.GetValues<Mutation>())
        from chunk in Gen.Choose(0, 1000)
        from other in Gen.Choose(0, 1000)
        from position in Gen.Choose(0, 100_000)
        from character in Gen.Elements(CookieChars.ToCharArray())
        from suffixLength in Gen.Choose(1, 6)
        from suffix in Gen.ArrayOf(Gen.Elements(CookieChars.ToCharArray()), suffixLength)
        select new Case(entries, mutation, chunk, other, position, character, new string(suffix));

    [Fact]
    public void Any_change_to_a_sealed_cookie_set_is_rejected_with_the_right_reason()
    {
        var seen = new Dictionary<Mutation, int>();
        PropertyRunner.Check(output, "tampered cookie sets are rejected", Cases().ToArbitrary(), c =>
        {
            var original = _harness.Seal(_harness.NewState(c.Entries));
            var (tampered, expected) = Apply(original, c);

            var result = _harness.Load(tampered);

            Assert.Null(result.State);
            Assert.Null(result.EndReason);
            if (expected.Length == 0)
            {
                // The client sends no session cookie at all: nothing to reject, and no session.
                Assert.Null(result.Rejection);
                seen[c.Mutation] = seen.GetValueOrDefault(c.Mutation) + 1;
                return;
            }

            Assert.True(result.Rejection is { } reason && expected.Contains(reason),
                $"{c}: rejected as {result.Rejection?.ToString() ?? "nothing"}, expected one of {string.Join('/', expected)}");
            seen[c.Mutation] = seen.GetValueOrDefault(c.Mutation) + 1;
        });

        output.WriteLine(string.Join(", ", seen.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.Equal(Enum.GetValues<Mutation>().Length, seen.Count);
    }

    [Fact]
    public void The_untampered_set_of_every_generated_state_loads()
    {
        PropertyRunner.Check(output, "untampered sets load", Generators.SmallEntries().ToArbitrary(), entries =>
        {
            var state = _harness.NewState(entries);
            var result = _harness.Load(_harness.Seal(state));

            Assert.Null(result.Rejection);
            SerializerPropertyTests.AssertSameState(state, result.State!);
        });
    }

    [Fact]
    public void A_cookie_sealed_for_another_application_or_purpose_is_rejected()
    {
        using var otherApplication = new StoreHarness(o => o.ChunkSize = 300, applicationName: "another-app", keyDirectory: _harness.KeyDirectory);
        var otherPurpose = _harness.DataProtection.CreateProtector("CookieState.v1", "another-purpose");
        var arbitrary = Gen.Zip(Generators.SmallEntries(), ArbMap.Default.GeneratorFor<bool>()).ToArbitrary();
        PropertyRunner.Check(output, "foreign application or purpose", arbitrary, input =>
        {
            var (entries, useOtherApplication) = input;
            var plaintext = _harness.Codec.Encode(_harness.NewState(entries));
            var cookies = useOtherApplication
                ? otherApplication.SealPlaintext(plaintext)
                : _harness.Split(System.Buffers.Text.Base64Url.EncodeToString(otherPurpose.Protect(plaintext)));

            var result = _harness.Load(cookies);

            Assert.Null(result.State);
            Assert.Equal(CookieStateRejectionReason.Tampered, result.Rejection);
        });
    }

    [Fact]
    public void An_expired_cookie_is_rejected_as_ended()
    {
        var idle = _harness.Options.IdleTimeout;
        var absolute = _harness.Options.AbsoluteTimeout;
        var arbitrary = Gen.Zip(Gen.Choose(0, 2), Gen.Choose(1, 100_000_000)).ToArbitrary();
        PropertyRunner.Check(output, "expired sessions end", arbitrary, input =>
        {
            var (kind, milliseconds) = input;
            var now = _harness.Clock.GetUtcNow();
            var beyond = TimeSpan.FromMilliseconds(milliseconds);
            var state = _harness.NewState([new("k", [1, 2, 3])]);
            (state.CreatedAt, state.IssuedAt, var expected) = kind switch
            {
                // Issued too long ago, within the absolute lifetime.
                0 => (now - idle - beyond, now - idle - beyond, CookieStateEndReason.IdleTimeout),

                // Recently re-issued, but started too long ago.
                1 => (now - absolute - beyond, now, CookieStateEndReason.AbsoluteTimeout),

                // Both.
                _ => (now - absolute - beyond, now - idle - beyond, CookieStateEndReason.AbsoluteTimeout),
            };
            if (kind == 0 && now - state.CreatedAt > absolute)
            {
                expected = CookieStateEndReason.AbsoluteTimeout;
            }

            var result = _harness.Load(_harness.Seal(state));

            Assert.Null(result.State);
            Assert.Null(result.Rejection);
            Assert.Equal(expected, result.EndReason);
        });
    }

    internal static (List<RequestCookie> Cookies, CookieStateRejectionReason[] Expected) Apply(List<RequestCookie> original, Case c)
    {
        var cookies = original.ToList();
        var count = cookies.Count;
        var index = c.Chunk % count;
        var value = cookies[index].Value;
        var dataStart = value.IndexOf('.', value.IndexOf('.') + 1) + 1;
        switch (c.Mutation)
        {
            case Mutation.ChangeOneCharacter:
            {
                var position = c.Position % value.Length;
                var replacement = value[position] == c.Character ? (c.Character == 'A' ? 'B' : 'A') : c.Character;
                cookies[index] = cookies[index] with { Value = string.Concat(value.AsSpan(0, position), [replacement], value.AsSpan(position + 1)) };

                // In the data: not sealed-text characters, or the tag no longer matches. In the header: a count, index or tag
                // that no longer agrees.
                return (cookies, position >= dataStart
                    ? [IsSealedTextChar(replacement) ? CookieStateRejectionReason.Tampered : CookieStateRejectionReason.Malformed]
                    : [CookieStateRejectionReason.Malformed, CookieStateRejectionReason.ChunkMismatch, CookieStateRejectionReason.Oversized, CookieStateRejectionReason.Tampered]);
            }

            case Mutation.Truncate:
            {
                var length = c.Position % value.Length;
                cookies[index] = cookies[index] with { Value = value[..length] };
                if (length == 0 && count == 1)
                {
                    // An empty cookie is no cookie: the request carries no session.
                    return (cookies, []);
                }

                return (cookies, length >= dataStart
                    ? [CookieStateRejectionReason.Tampered]
                    : [CookieStateRejectionReason.Malformed, CookieStateRejectionReason.ChunkMismatch]);
            }

            case Mutation.Extend:
                cookies[index] = cookies[index] with { Value = value + c.Suffix };
                return (cookies, [c.Suffix.All(IsSealedTextChar) ? CookieStateRejectionReason.Tampered : CookieStateRejectionReason.Malformed]);

            case Mutation.DropChunk:
                if (count == 1)
                {
                    // Nothing left to send would be no session at all; drop the data instead.
                    cookies[0] = cookies[0] with { Value = value[..dataStart] };
                    return (cookies, [CookieStateRejectionReason.Tampered]);
                }

                cookies.RemoveAt(index);
                return (cookies, [CookieStateRejectionReason.ChunkMismatch]);

            case Mutation.DuplicateChunk:
                cookies.Add(new RequestCookie(CookieChunker.ChunkName(cookies[0].Name, count + 1), value));
                return (cookies, [CookieStateRejectionReason.ChunkMismatch]);

            default:
                if (count == 1)
                {
                    // One chunk cannot be reordered: send it under a chunk name instead of the main name.
                    cookies[0] = cookies[0] with { Name = CookieChunker.ChunkName(cookies[0].Name, 2) };
                    return (cookies, [CookieStateRejectionReason.ChunkMismatch]);
                }

                var other = (index + 1 + (c.Other % (count - 1))) % count;
                (cookies[index], cookies[other]) = (cookies[index] with { Value = cookies[other].Value }, cookies[other] with { Value = cookies[index].Value });

                // The main cookie's number is the count; swapped with the last chunk, whose index is the count, the numbers
                // still agree and only the tag check (content) catches it.
                var mainAndLast = Math.Min(index, other) == 0 && Math.Max(index, other) == count - 1;
                return (cookies, mainAndLast ? [CookieStateRejectionReason.Tampered] : [CookieStateRejectionReason.ChunkMismatch]);
        }
    }

    private static bool IsSealedTextChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    public void Dispose() => _harness.Dispose();
}
