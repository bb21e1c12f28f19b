// Ported from ASP.NET Core's src/Middleware/Session/test/SessionTests.cs (https://github.com/dotnet/aspnetcore).
// Licensed to the .NET Foundation under one or more agreements.
// The .NET Foundation licenses this file to you under the MIT license.
//
// The MIT License (MIT)
// Copyright (c) .NET Foundation and Contributors
//
// Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
// documentation files (the "Software"), to deal in the Software without restriction, including without limitation the
// rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of the Software, and to permit
// persons to whom the Software is furnished to do so, subject to the following conditions:
//
// The above copyright notice and this permission notice shall be included in all copies or substantial portions of the
// Software.
//
// THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE
// WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
// COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
// OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
//
// What is ported: every test about ISession behaviour, rewritten against CookieState's middleware on TestServer with a
// cookie jar and a fake clock that starts at a sub-second instant (so that truncation of sealed times shows).
// What is skipped, and why:
// - SessionStart_LogsInformation, ExpiredSession_LogsInfo (log half): they pin DistributedSession's log categories and
//   message texts; CookieState's own logs are pinned by its diagnostics tests. The behaviour half of
//   ExpiredSession_LogsInfo (an expired session reads empty) is ported, on a fake clock instead of Thread.Sleep.
// - SessionLogsCacheReadException, SessionLogsCacheLoadAsyncException, SessionLogsCacheLoadAsyncTimeoutException,
//   SessionLogsCacheCommitException, SessionLogsCacheCommitTimeoutException, SessionLogsCacheRefreshException,
//   RequestAbortedIgnored: they fault or delay an IDistributedCache; CookieState has no store to fail, and its
//   unavailable states (key ring, revocation store) have their own tests.
// - SessionLoadAsyncCanceledException and SessionLogsCacheCommitCanceledException are ported without their log
//   assertions: a canceled token makes LoadAsync/CommitAsync throw, and the session is still committed on unwind.

using System.Globalization;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Session;

/// <summary>ASP.NET Core's own session tests, run against CookieState: the drop-in claim, checked by its source.</summary>
public sealed class PortedSessionTests
{
    // A sub-second start: sealed times are truncated (milliseconds, JOSE seconds) and hints rounded; the rules must agree.
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddTicks(3_456_789));

    private static Task<SessionTestHost> StartAsync(RequestDelegate handler, Action<CookieStateOptions>? configure = null, Action<IApplicationBuilder>? beforeSession = null) =>
        SessionTestHost.StartAsync(
            configure,
            endpoints: e => e.Map("/ported/{**rest}", handler),
            clock: Clock(),
            beforeSession: beforeSession);

    private static async Task<int?> GetInt32(HttpContext context, string key)
    {
        await context.Session.LoadAsync();
        return context.Session.GetInt32(key);
    }

    private static string Step(HttpContext context) => context.Request.Path.Value!["/ported/".Length..];

    [Fact]
    public async Task Reading_an_empty_session_creates_no_cookie()
    {
        string? read = "unset";
        await using var host = await StartAsync(context =>
        {
            read = context.Session.GetString("NotFound");
            return Task.CompletedTask;
        });

        using var response = await host.GetAsync("/ported/", new CookieJar());

        response.EnsureSuccessStatusCode();
        Assert.Null(read);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Setting_a_value_creates_the_cookie()
    {
        await using var host = await StartAsync(context =>
        {
            var before = context.Session.GetString("Key");
            context.Session.SetString("Key", "Value");
            return context.Response.WriteAsync($"{before ?? "(null)"}|{context.Session.GetString("Key")}");
        });

        using var response = await host.GetAsync("/ported/", new CookieJar());

        response.EnsureSuccessStatusCode();
        Assert.Equal("(null)|Value", await response.Content.ReadAsStringAsync());
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.False(string.IsNullOrWhiteSpace(cookie));
    }

    [Theory]
    [InlineData(CookieSecurePolicy.Always, "http://example.com/ported/", true)]
    [InlineData(CookieSecurePolicy.Always, "https://example.com/ported/", true)]
    [InlineData(CookieSecurePolicy.None, "http://example.com/ported/", false)]
    [InlineData(CookieSecurePolicy.None, "https://example.com/ported/", false)]
    [InlineData(CookieSecurePolicy.SameAsRequest, "http://example.com/ported/", false)]
    [InlineData(CookieSecurePolicy.SameAsRequest, "https://example.com/ported/", true)]
    public async Task The_cookie_is_secure_by_policy_and_scheme(CookieSecurePolicy policy, string uri, bool secure)
    {
        await using var host = await StartAsync(
            context =>
            {
                context.Session.SetString("Key", "Value");
                return Task.CompletedTask;
            },
            o =>
            {
                o.Cookie.Name = "TestCookie";
                o.Cookie.SecurePolicy = policy;
            });

        using var response = await host.GetAsync(uri, new CookieJar());

        response.EnsureSuccessStatusCode();
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("TestCookie=", cookie, StringComparison.Ordinal);
        if (secure)
        {
            Assert.Contains("; secure", cookie, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("; secure", cookie, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_session_is_there_on_the_next_requests()
    {
        await using var host = await StartAsync(async context =>
        {
            var value = await GetInt32(context, "Key");
            if (Step(context) == "first")
            {
                Assert.Null(value);
                value = 0;
            }

            context.Session.SetInt32("Key", value!.Value + 1);
            await context.Response.WriteAsync(value.Value.ToString(CultureInfo.InvariantCulture));
        });
        var jar = new CookieJar();

        Assert.Equal("0", await host.GetStringAsync("/ported/first", jar));
        Assert.Equal("1", await host.GetStringAsync("/ported/", jar));
        Assert.Equal("2", await host.GetStringAsync("/ported/", jar));
        Assert.Equal("3", await host.GetStringAsync("/ported/", jar));
    }

    [Theory]
    [InlineData("remove")]
    [InlineData("clear")]
    public async Task A_removed_or_cleared_item_is_gone_on_the_next_request(string how)
    {
        await using var host = await StartAsync(async context =>
        {
            var value = await GetInt32(context, "Key");
            switch (Step(context))
            {
                case "first":
                    Assert.Null(value);
                    value = 0;
                    context.Session.SetInt32("Key", 1);
                    break;
                case "second":
                    Assert.Equal(1, value);
                    if (how == "remove")
                    {
                        context.Session.Remove("Key");
                    }
                    else
                    {
                        context.Session.Clear();
                    }

                    break;
                default:
                    value = value is null ? 2 : -1;
                    break;
            }

            await context.Response.WriteAsync(value!.Value.ToString(CultureInfo.InvariantCulture));
        });
        var jar = new CookieJar();

        Assert.Equal("0", await host.GetStringAsync("/ported/first", jar));
        Assert.Equal("1", await host.GetStringAsync("/ported/second", jar));
        Assert.Equal("2", await host.GetStringAsync("/ported/third", jar));
    }

    [Fact]
    public async Task An_expired_session_reads_empty()
    {
        await using var host = await StartAsync(
            async context =>
            {
                var value = await GetInt32(context, "Key");
                if (Step(context) == "first")
                {
                    Assert.Null(value);
                    value = 1;
                    context.Session.SetInt32("Key", 1);
                }
                else
                {
                    value = value is null ? 2 : -1;
                }

                await context.Response.WriteAsync(value.Value.ToString(CultureInfo.InvariantCulture));
            },
            o => o.IdleTimeout = TimeSpan.FromMinutes(1));
        var jar = new CookieJar();

        Assert.Equal("1", await host.GetStringAsync("/ported/first", jar));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("2", await host.GetStringAsync("/ported/second", jar));
    }

    [Fact]
    public async Task Requests_that_do_not_touch_the_session_keep_it_alive()
    {
        await using var host = await StartAsync(
            async context =>
            {
                switch (Step(context))
                {
                    case "AddDataToSession":
                        context.Session.SetInt32("Key", 10);
                        await context.Response.WriteAsync("added data to session");
                        break;
                    case "AccessSessionData":
                        var value = await GetInt32(context, "Key");
                        await context.Response.WriteAsync(value?.ToString(CultureInfo.InvariantCulture) ?? "No value found in session.");
                        break;
                    default:
                        await context.Response.WriteAsync("did not access session data");
                        break;
                }
            },
            o => o.IdleTimeout = TimeSpan.FromMinutes(20));
        var jar = new CookieJar();

        await host.GetStringAsync("/ported/AddDataToSession", jar);
        for (var i = 0; i < 5; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(10));
            await host.GetStringAsync("/ported/DoNotAccessSessionData", jar);
        }

        Assert.Equal("10", await host.GetStringAsync("/ported/AccessSessionData", jar));
    }

    [Fact]
    public async Task A_request_exactly_the_idle_timeout_after_the_last_one_keeps_the_session()
    {
        // The strict edge of the guarantee: untouched requests exactly at the refresh point, then exactly IdleTimeout apart.
        await using var host = await StartAsync(
            async context =>
            {
                if (Step(context) == "set")
                {
                    context.Session.SetInt32("Key", 10);
                }
                else if (Step(context) == "get")
                {
                    var value = await GetInt32(context, "Key");
                    await context.Response.WriteAsync(value?.ToString(CultureInfo.InvariantCulture) ?? "none");
                }
            },
            o => o.IdleTimeout = TimeSpan.FromMinutes(20));
        var jar = new CookieJar();

        await host.GetStringAsync("/ported/set", jar);
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        await host.GetStringAsync("/ported/untouched", jar);
        host.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal("10", await host.GetStringAsync("/ported/get", jar));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_session_feature_is_gone_when_the_response_goes_out(bool throws)
    {
        var checkedAfter = false;
        await using var host = await StartAsync(
            context => throws ? throw new InvalidOperationException("An error occurred.") : SetAsync(context),
            beforeSession: app => app.Use(async (context, next) =>
            {
                var thrown = false;
                try
                {
                    await next();
                }
                catch (InvalidOperationException)
                {
                    thrown = true;
                }

                Assert.Equal(throws, thrown);
                Assert.Null(context.Features.Get<ISessionFeature>());
                checkedAfter = true;
            }));

        using var response = await host.GetAsync("/ported/", new CookieJar());

        Assert.True(checkedAfter);

        static Task SetAsync(HttpContext context)
        {
            context.Session.SetString("key", "value");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Keys_are_case_sensitive()
    {
        await using var host = await StartAsync(context =>
        {
            context.Session.SetString("KEY", "VALUE");
            context.Session.SetString("key", "value");
            return context.Response.WriteAsync($"{context.Session.GetString("KEY")}|{context.Session.GetString("key")}");
        });

        Assert.Equal("VALUE|value", await host.GetStringAsync("/ported/", new CookieJar()));
    }

    [Fact]
    public async Task Loading_with_a_canceled_token_throws()
    {
        await using var host = await StartAsync(async context =>
        {
            using var canceled = new CancellationTokenSource();
            await canceled.CancelAsync();
            await Assert.ThrowsAsync<OperationCanceledException>(() => context.Session.LoadAsync(canceled.Token));
            await context.Response.WriteAsync("threw");
        });

        Assert.Equal("threw", await host.GetStringAsync("/ported/", new CookieJar()));
    }

    [Fact]
    public async Task A_canceled_commit_throws_and_the_session_is_still_committed_on_unwind()
    {
        await using var host = await StartAsync(async context =>
        {
            if (Step(context) == "get")
            {
                await context.Response.WriteAsync((await GetInt32(context, "key"))?.ToString(CultureInfo.InvariantCulture) ?? "none");
                return;
            }

            context.Session.SetInt32("key", 7);
            using var canceled = new CancellationTokenSource();
            await canceled.CancelAsync();
            await Assert.ThrowsAsync<OperationCanceledException>(() => context.Session.CommitAsync(canceled.Token));
        });
        var jar = new CookieJar();

        await host.GetStringAsync("/ported/set", jar);

        Assert.Equal("7", await host.GetStringAsync("/ported/get", jar));
    }
}
