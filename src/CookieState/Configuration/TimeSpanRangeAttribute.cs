using System.ComponentModel.DataAnnotations;

namespace CookieState.Configuration;

/// <summary>
/// The range of a time span option, for the <c>[OptionsValidator]</c> source generator: positive, or with
/// <see cref="AllowZero"/> not negative; with <see cref="TimerLimit"/> also at most what a timer accepts
/// (<see cref="int.MaxValue"/> milliseconds, about 24.8 days). <c>[Range(typeof(TimeSpan), …)]</c> would do the same
/// through type converters, which trimming cannot keep. A null value passes: a nullable option's absence is its own rule.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    public bool AllowZero { get; set; }

    public bool TimerLimit { get; set; }

    public override bool IsValid(object? value) =>
        value is not TimeSpan span
        || ((AllowZero ? span >= TimeSpan.Zero : span > TimeSpan.Zero) && (!TimerLimit || span.TotalMilliseconds <= int.MaxValue));
}
