namespace CookieState.Tests.Jose;

/// <summary>
/// Runs any test host in the JOSE format when <c>COOKIESTATE_TEST_FORMAT</c> is <c>Jose</c> or <c>JoseSigned</c>, so that
/// the core suites (round trips, lifecycle, timeouts, chunking, overflow, revocation) prove their rules for this format
/// too: <c>scripts/test.sh</c> runs them so once more. Applied before each test's own settings, which may override it.
/// </summary>
public static class TestFormat
{
    public static readonly string? Name = Environment.GetEnvironmentVariable("COOKIESTATE_TEST_FORMAT");

    public static void Apply(CookieStateOptions options)
    {
        if (string.Equals(Name, "Jose", StringComparison.OrdinalIgnoreCase))
        {
            JoseTestKeys.Use(options);
        }
        else if (string.Equals(Name, "JoseSigned", StringComparison.OrdinalIgnoreCase))
        {
            JoseTestKeys.Use(options, CookieStateJoseMode.Signed);
        }
    }
}
