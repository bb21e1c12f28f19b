using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Properties;

/// <summary>The generator of <see cref="RequestSchedule"/>, kept apart: its property runs end to end with few cases.</summary>
public static class RequestScheduleArbitraries
{
    public static Arbitrary<RequestSchedule> Schedules() => RequestSchedule.Generator().ToArbitrary();
}
