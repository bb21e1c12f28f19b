using FsCheck.Xunit;

namespace CookieState.Tests.Properties;

/// <summary>
/// An FsCheck property with the project's generators and at least 1,000 cases, in CI as locally. A failure prints the
/// seed; put it in <c>Replay = "(seed,gamma)"</c> on the attribute to run that case again.
/// </summary>
public sealed class CookieStatePropertyAttribute : PropertyAttribute
{
    public const int Cases = 1000;

    public CookieStatePropertyAttribute()
    {
        MaxTest = Cases;
        Arbitrary = [typeof(Arbitraries)];
        QuietOnSuccess = true;
    }
}
