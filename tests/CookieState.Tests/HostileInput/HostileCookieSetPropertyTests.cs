using System.Net;
using CookieState.Tests.Properties;
using CookieState.Tests.Security;

namespace CookieState.Tests.HostileInput;

/// <summary>Any planted cookie header, through the middleware: the answer is 200 and never more Set-Cookie headers than our chunks.</summary>
public sealed class HostileCookieSetPropertyTests : IAsyncLifetime
{
    private SecurityHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await SecurityHost.StartAsync(SecurityHost.ManySmallChunks);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [CookieStateProperty]
    public void No_cookie_header_of_up_to_64_KB_makes_more_set_cookie_headers_than_the_chunk_limit_allows(HostileCookieSet cookies, bool write)
    {
        using var response = _host.SendRawAsync(write ? "/set/k/v" : "/count-keys", cookies.Header).GetAwaiter().GetResult();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];
        Assert.True(setCookies.Length <= _host.Options.MaxChunkCount + 1, $"{setCookies.Length} Set-Cookie headers for {cookies}");
        Assert.All(setCookies, h => Assert.Matches(@"^\.CookieState(C([2-9]|[1-5][0-9]|6[0-4]))?=", h));
    }
}
