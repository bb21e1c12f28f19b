using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public async Task RegenerateId_gives_a_new_id_and_keeps_the_data()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();
        await host.GetStringAsync("/set/cart/3", jar);
        var before = await host.GetStringAsync("/id", jar);

        var regenerated = await host.GetStringAsync("/regenerate", jar);

        Assert.NotEqual(before, regenerated);
        Assert.Equal(regenerated, await host.GetStringAsync("/id", jar));
        Assert.Equal("3", await host.GetStringAsync("/get/cart", jar));
    }

    [Fact]
    public async Task Abandon_drops_the_data_expires_the_cookies_and_fires_SessionEnded()
    {
        var ended = new List<(string, CookieStateEndReason)>();
        await using var host = await SessionTestHost.StartAsync(o =>
        {
            o.MaxCookieSize = 32 * 1024;
            o.Events.OnSessionEnded = c =>
            {
                ended.Add((c.SessionId, c.Reason));
                return Task.CompletedTask;
            };
        });
        var jar = new CookieJar();
        await host.GetStringAsync("/fill/6", jar);
        var id = await host.GetStringAsync("/id", jar);
        Assert.True(jar.Cookies.Count > 1);

        using (var response = await host.GetAsync("/abandon", jar))
        {
            Assert.All(response.Headers.GetValues("Set-Cookie"), l => Assert.Contains("expires=Thu, 01 Jan 1970", l, StringComparison.OrdinalIgnoreCase));
        }

        Assert.Empty(jar.Cookies);
        Assert.Equal([(id, CookieStateEndReason.Abandoned)], ended);
        Assert.NotEqual(id, await host.GetStringAsync("/id", jar));
    }

    [Fact]
    public async Task SessionStarted_fires_once_when_a_new_session_is_first_written()
    {
        var started = new List<string>();
        await using var host = await SessionTestHost.StartAsync(o => o.Events.OnSessionStarted = c =>
        {
            started.Add(c.SessionId);
            return Task.CompletedTask;
        });
        var jar = new CookieJar();

        await host.GetStringAsync("/get/a", jar);
        Assert.Empty(started);
        await host.GetStringAsync("/set/a/1", jar);
        await host.GetStringAsync("/set/a/2", jar);

        Assert.Equal([await host.GetStringAsync("/id", jar)], started);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionStarted && e.EventId.Name == "SessionStarted");
    }

    [Fact]
    public async Task Failing_event_handler_is_logged_and_does_not_fail_the_request()
    {
        await using var host = await SessionTestHost.StartAsync(o => o.Events.OnSessionStarted = _ => throw new InvalidOperationException("boom"));
        var jar = new CookieJar();

        Assert.Equal("ok", await host.GetStringAsync("/set/a/1", jar));
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.EventHandlerFailed);
        Assert.Equal("1", await host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Session_features_are_removed_after_the_request_also_after_an_exception()
    {
        Microsoft.AspNetCore.Http.Features.ISessionFeature? seenAfter = null;
        await using var host = await SessionTestHost.StartAsync(
            endpoints: e => e.MapGet("/throw", string () => throw new InvalidOperationException("app failure")),
            beforeSession: app => app.Use(async (context, next) =>
            {
                try
                {
                    await next();
                }
                catch (InvalidOperationException)
                {
                    context.Response.StatusCode = 500;
                }

                seenAfter = context.Features.Get<Microsoft.AspNetCore.Http.Features.ISessionFeature>();
            }));

        using var response = await host.GetAsync("/throw", new CookieJar());

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Null(seenAfter);
    }

    [Fact]
    public async Task Re_executed_error_pipeline_shares_the_session_and_writes_it_once()
    {
        await using var host = await SessionTestHost.StartAsync(
            endpoints: e =>
            {
                e.MapGet("/set-then-throw", string (HttpContext c) =>
                {
                    c.Session.SetString("step", "before-failure");
                    throw new InvalidOperationException("app failure");
                });
                e.MapGet("/error", (HttpContext c) => "error page sees " + (c.Session.GetString("step") ?? "(null)"));
            },
            beforeSession: app => app.UseExceptionHandler("/error"));
        var jar = new CookieJar();

        using var response = await host.GetAsync("/set-then-throw", jar);

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("error page sees before-failure", await response.Content.ReadAsStringAsync());
        Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.Equal("before-failure", await host.GetStringAsync("/get/step", jar));
    }
}
