using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Properties;

/// <summary>
/// A user's requests on a fake clock: a sub-second start, the gaps between requests and whether each one uses the session,
/// under one refresh threshold; <see cref="FinalGap"/>, when set, is a last silence before the session is read again.
/// </summary>
public sealed record RequestSchedule(double RefreshThreshold, long StartTicks, (TimeSpan Gap, bool Touches)[] Steps, TimeSpan? FinalGap)
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    /// <summary>Thresholds the schedules run under: 0 is the kiosk setting, ½ the default.</summary>
    public static readonly double[] Thresholds = [0, 0.25, 0.5, 1];

    /// <summary>
    /// The documented upper bound after the last request: the validity window, from an issue time rounded up to the second.
    /// </summary>
    public TimeSpan UpperBound =>
        CookieState.Lifetime.SessionLifetime.ValidityWindow(IdleTimeout, RefreshThreshold) + CookieState.Lifetime.SessionLifetime.IssuePrecision;

    public override string ToString() =>
        $"θ={RefreshThreshold} start+{StartTicks} ticks, gaps [{string.Join(", ", Steps.Select(s => $"{s.Gap}{(s.Touches ? "*" : "")}"))}]" +
        (FinalGap is { } final ? $", then {final}" : "");

    /// <summary>Gaps of at most <see cref="IdleTimeout"/> (exactly it a quarter of the time); half end with a gap beyond the bound.</summary>
    public static Gen<RequestSchedule> Generator()
    {
        var gap = Gen.Frequency(
            (1, Gen.Constant(IdleTimeout)),
            (1, Gen.Choose(0, 20 * 60).Select(seconds => IdleTimeout - TimeSpan.FromSeconds(seconds))),
            (2, Gen.Choose(1, int.MaxValue).Select(value => TimeSpan.FromTicks(1 + (value % IdleTimeout.Ticks)))));
        var step = gap.SelectMany(g => Gen.Elements(true, false).Select(touches => (g, touches)));
        return
            from threshold in Gen.Elements(Thresholds)
            from start in Gen.Choose(0, (int)TimeSpan.TicksPerSecond - 1)
            from steps in Gen.Choose(1, 6).SelectMany(count => Gen.ArrayOf(step, count))
            from ends in Gen.Elements(true, false)
            from beyond in Gen.Choose(1, 40 * 60)
            let schedule = new RequestSchedule(threshold, start, steps, null)
            select ends ? schedule with { FinalGap = schedule.UpperBound + TimeSpan.FromSeconds(beyond) - TimeSpan.FromTicks(start % 7) } : schedule;
    }
}
