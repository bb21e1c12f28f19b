using System.Net;
using CookieState.Diagnostics;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CookieState.Tests;

public sealed class OverflowTests
{
    [Fact]
    public async Task State_over_the_budget_throws_a_clear_exception_naming_size_and_largest_keys()
    {
        CookieStateOverflowException? caught = null;
        await using var host = await SessionTestHost.StartAsync(endpoints: e => e.MapGet("/too-big", (HttpContext c) =>
        {
            c.Session.SetString("small", "x");
            try
            {
                c.Session.Set("photo", new byte[8 * 1024]);
            }
            catch (CookieStateOverflowException ex)
            {
                caught = ex;
            }

            return "handled";
        }));
        var jar = new CookieJar();

        Assert.Equal("handled", await host.GetStringAsync("/too-big", jar));

        Assert.NotNull(caught);
        Assert.Equal(new CookieStateOptions().MaxCookieSize, caught.Limit);
        Assert.True(caught.TotalSize > caught.Limit);
        Assert.Equal("photo", caught.LargestKeys[0].Key);
        Assert.Contains("photo", caught.Message);
        Assert.Contains("MaxCookieSize", caught.Message);
        Assert.Contains(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionOverflow && e.EventId.Name == "SessionOverflow");

        // The state before the failed Set is kept and written, nothing is silently dropped.
        Assert.Equal("x", await host.GetStringAsync("/get/small", jar));
        Assert.Equal("(null)", await host.GetStringAsync("/get/photo", jar));
    }

    [Fact]
    public async Task Unhandled_overflow_fails_the_request_instead_of_dropping_the_cookie()
    {
        await using var host = await SessionTestHost.StartAsync(
            beforeSession: app => app.Use(async (context, next) =>
            {
                try
                {
                    await next();
                }
                catch (CookieStateOverflowException)
                {
                    context.Response.StatusCode = 413;
                }
            }));
        var jar = new CookieJar();

        using var response = await host.GetAsync("/fill/8", jar);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(jar.Cookies);
    }

    [Fact]
    public async Task State_just_under_the_budget_fits_and_stays_within_it()
    {
        await using var host = await SessionTestHost.StartAsync();
        var jar = new CookieJar();

        await host.GetStringAsync("/fill/4", jar);

        var size = jar.Cookies.Sum(c => c.Key.Length + 1 + c.Value.Length) + (2 * (jar.Cookies.Count - 1));
        Assert.InRange(size, 4 * 1024, new CookieStateOptions().MaxCookieSize);
        Assert.Equal(2, jar.Cookies.Count);
    }

    [Fact]
    public async Task Too_many_keys_raise_a_clear_error_on_write()
    {
        string? message = null;
        await using var host = await SessionTestHost.StartAsync(
            o => o.MaxKeyCount = 3,
            endpoints: e => e.MapGet("/many", (HttpContext c) =>
            {
                try
                {
                    for (var i = 0; i < 4; i++)
                    {
                        c.Session.SetString($"k{i}", "v");
                    }
                }
                catch (CookieStateOverflowException ex)
                {
                    message = ex.Message;
                }

                return "done";
            }));

        await host.GetStringAsync("/many", new CookieJar());

        Assert.Contains("MaxKeyCount", message);
    }
}
