using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Infrastructure;

/// <summary>
/// Runs any test host in the JOSE format when <c>COOKIESTATE_TEST_FORMAT</c> is <c>Jose</c> or <c>JoseSigned</c>, so that
/// the core suites (round trips, lifecycle, timeouts, chunking, overflow, revocation) prove their rules for this format
/// too: <c>scripts/test.sh</c> runs them so once more. Registered before each test's own settings, which may override it.
/// </summary>
public static class TestFormat
{
    public static readonly string? Name = Environment.GetEnvironmentVariable("COOKIESTATE_TEST_FORMAT");

    private static readonly string Key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(64));

    public static void Apply(IServiceCollection services)
    {
        CookieStateJoseMode? mode = Name?.ToUpperInvariant() switch
        {
            "JOSE" => CookieStateJoseMode.Encrypted,
            "JOSESIGNED" => CookieStateJoseMode.Signed,
            _ => null,
        };
        if (mode is not { } jose)
        {
            return;
        }

        services.Configure<CookieStateOptions>(o => o.Format = CookieStateFormat.Jose);
        services.AddCookieStateJose(o =>
        {
            o.Mode = jose;
            o.Keys.Add(new CookieStateJoseKey { Id = "k1", Key = Key });
            o.PrimaryKeyId = "k1";
        });
    }
}
