using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Properties;
using Microsoft.AspNetCore.DataProtection;

namespace CookieState.Tests.Security;

/// <summary>
/// Every way of changing a sealed cookie set is rejected: an empty session, a reason, and no exception. Run against the
/// real reader and Data Protection without HTTP, in both formats, so that thousands of cases stay fast.
/// </summary>
public sealed class TamperPropertyTests : IDisposable
{
    private static readonly Action<CookieStateOptions> SmallChunks = o =>
    {
        o.ChunkSize = 300;
        o.MaxCookieSize = 32 * 1024;
        o.MaxChunkCount = 64;
    };

    private readonly PipelineHarness _envelope = new(SmallChunks);
    private readonly PipelineHarness _legacy;

    public TamperPropertyTests()
    {
        _legacy = new PipelineHarness(o =>
        {
            SmallChunks(o);
            o.Format = CookieStateFormat.DataProtection;
        }, keyDirectory: _envelope.KeyDirectory);
    }

    [CookieStateProperty]
    public void Any_change_to_a_sealed_cookie_set_is_rejected(TamperCase c)
    {
        var harness = c.Format == CookieStateFormat.Envelope ? _envelope : _legacy;
        var original = harness.Seal(harness.NewState(c.Entries));
        var (tampered, expected) = c.Apply(original);

        var result = harness.Load(tampered);

        if (ReferenceEquals(expected, TamperCase.Unchanged))
        {
            Assert.Null(result.Rejection);
            Assert.Equal(c.Entries.Keys.Order(), result.Payload!.Entries.Keys.Order());
            return;
        }

        Assert.Null(result.Payload);
        Assert.Null(result.EndReason);
        if (expected.Length == 0)
        {
            // The client sends no session cookie at all: nothing to reject, and no session.
            Assert.Null(result.Rejection);
            return;
        }

        Assert.True(result.Rejection is { } reason && expected.Contains(reason),
            $"{c}: rejected as {result.Rejection?.ToString() ?? "nothing"}, expected one of {string.Join('/', expected)}");
    }

    [CookieStateProperty]
    public void Seal_then_open_gives_back_every_generated_state_in_both_formats(SmallEntries entries, bool legacy, bool ownTimeout)
    {
        var harness = legacy ? _legacy : _envelope;
        var state = harness.NewState(entries.Values, ownTimeout ? TimeSpan.FromMinutes(2) : null);

        var result = harness.Load(harness.Seal(state));

        Assert.Null(result.Rejection);
        SerializerPropertyTests.AssertSameState(state, result.Payload!);
        Assert.Equal(legacy ? CookieStateFormat.DataProtection : CookieStateFormat.Envelope, result.Format);
    }

    [CookieStateProperty]
    public void A_cookie_sealed_for_another_application_or_purpose_is_rejected(SmallEntries entries, bool useOtherApplication, bool legacy)
    {
        using var otherApplication = new PipelineHarness(o =>
        {
            SmallChunks(o);
            o.Format = legacy ? CookieStateFormat.DataProtection : CookieStateFormat.Envelope;
        }, applicationName: "another-app", keyDirectory: _envelope.KeyDirectory);
        var plaintext = _envelope.Encode(_envelope.NewState(entries.Values));
        var cookies = useOtherApplication
            ? otherApplication.SealPlaintext(plaintext)
            : _envelope.Split(
                System.Buffers.Text.Base64Url.EncodeToString(_envelope.DataProtection.CreateProtector("CookieState.v1", "another-purpose").Protect(plaintext)),
                _envelope.Sealer(CookieStateFormat.DataProtection));

        var result = _envelope.Load(cookies);

        Assert.Null(result.Payload);
        Assert.Equal(CookieStateRejectionReason.Tampered, result.Rejection);
    }

    [CookieStateProperty]
    public void An_expired_cookie_ends_the_session_and_a_future_one_is_rejected(byte kindChoice, int millisecondsChoice, bool legacy)
    {
        var harness = legacy ? _legacy : _envelope;
        var kind = kindChoice % 4;
        var beyond = TimeSpan.FromMilliseconds(1 + ((long)millisecondsChoice & 0x7FFFFFF));
        var idle = CookieState.Lifetime.SessionLifetime.ValidityWindow(harness.Options.IdleTimeout, harness.Options.RefreshThreshold);
        var absolute = harness.Options.AbsoluteTimeout;
        var now = harness.Clock.GetUtcNow();
        var state = harness.NewState([new("k", [1, 2, 3])]);
        var (createdAt, issuedAt, expected) = kind switch
        {
            // Issued too long ago, within the absolute lifetime (or beyond it too, for long overruns).
            0 => (now - idle - beyond, now - idle - beyond, now - (now - idle - beyond) > absolute ? CookieStateEndReason.AbsoluteTimeout : CookieStateEndReason.IdleTimeout),

            // Recently re-issued, but started too long ago.
            1 => (now - absolute - beyond, now, CookieStateEndReason.AbsoluteTimeout),

            // Both.
            2 => (now - absolute - beyond, now - idle - beyond, CookieStateEndReason.AbsoluteTimeout),

            // Issued further ahead than clock skew explains.
            _ => (now, now + harness.Options.MaxClockSkew + CookieState.Lifetime.SessionLifetime.IssuePrecision + beyond, (CookieStateEndReason?)null),
        };
        state = state with { Header = state.Header with { CreatedAt = createdAt, IssuedAt = issuedAt } };

        var result = harness.Load(harness.Seal(state));

        Assert.Null(result.Payload);
        Assert.Equal(expected, result.EndReason);
        Assert.Equal(expected is null ? CookieStateRejectionReason.IssuedInFuture : null, result.Rejection);
    }

    public void Dispose()
    {
        _envelope.Dispose();
        _legacy.Dispose();
    }
}
