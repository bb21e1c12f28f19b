using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CookieState.Tests.Hardening;

/// <summary><c>LoadAsync</c> and <c>CommitAsync</c> honour their token, as ASP.NET Core's <c>DistributedSession</c> does.</summary>
public sealed class CancellationTests
{
    private static void Endpoints(IEndpointRouteBuilder e)
    {
        // Written out by hand: a lambda of HttpContext returning a Task would bind as a RequestDelegate and drop the result.
        e.MapGet("/load-cancelled", async (HttpContext c) =>
            await c.Response.WriteAsync(await Outcome(() => c.Session.LoadAsync(new CancellationToken(canceled: true)))));
        e.MapGet("/commit-cancelled", async (HttpContext c) =>
        {
            c.Session.SetString("a", "1");
            var outcome = await Outcome(() => c.Session.CommitAsync(new CancellationToken(canceled: true)));
            await c.Response.WriteAsync(outcome);
        });
        e.MapGet("/load-live", async (HttpContext c) =>
            await c.Response.WriteAsync(await Outcome(() => c.Session.LoadAsync(CancellationToken.None))));
    }

    private static async Task<string> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return "completed";
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
    }

    [Fact]
    public async Task A_cancelled_token_cancels_LoadAsync_and_CommitAsync()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);
        var jar = new CookieJar();

        Assert.Equal("cancelled", await host.GetStringAsync("/load-cancelled", jar));
        Assert.Equal("completed", await host.GetStringAsync("/load-live", jar));
        Assert.Equal("cancelled", await host.GetStringAsync("/commit-cancelled", jar));
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing_itself_and_the_change_still_reaches_the_response()
    {
        await using var host = await SessionTestHost.StartAsync(endpoints: Endpoints);
        var jar = new CookieJar();

        using var response = await host.GetAsync("/commit-cancelled", jar);

        // The change stays pending; the response's own commit carries it, once.
        Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
    }
}
