using CookieState.Tests.Properties;

namespace CookieState.Tests.TypedValues;

/// <summary>
/// Any generated record comes back member for member through the typed JSON extensions, over real responses and
/// requests, on CookieState and on the built-in session, through the source-generated and the reflection overloads.
/// </summary>
public sealed class JsonSessionPropertyTests : IAsyncLifetime
{
    private TypedSessionHost _cookieState = null!;
    private TypedSessionHost _builtIn = null!;

    public async Task InitializeAsync()
    {
        _cookieState = await TypedSessionHost.StartAsync(SessionKind.CookieState);
        _builtIn = await TypedSessionHost.StartAsync(SessionKind.BuiltIn);
    }

    public async Task DisposeAsync()
    {
        await _cookieState.DisposeAsync();
        await _builtIn.DisposeAsync();
    }

    [CookieStateProperty]
    public void Any_record_round_trips_through_CookieState_cookies(Basket basket, bool reflection)
    {
        // FsCheck drives synchronously; each case blocks on two in-memory TestServer round trips.
        var (found, value) = _cookieState.RoundTripAsync(basket, reflection).GetAwaiter().GetResult();

        Assert.True(found);
        Basket.AssertSame(basket, value);
    }

    [CookieStateProperty]
    public void Any_record_round_trips_through_the_built_in_session(Basket basket, bool reflection)
    {
        var (found, value) = _builtIn.RoundTripAsync(basket, reflection).GetAwaiter().GetResult();

        Assert.True(found);
        Basket.AssertSame(basket, value);
    }
}
