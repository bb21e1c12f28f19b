using System.Net;
using CookieState.Tests.Infrastructure;

namespace CookieState.Tests.Security;

/// <summary>Parallel requests on one session: no exception, no corrupted cookie, last writer wins, and reads never write.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Twenty_parallel_writes_on_one_session_each_yield_a_whole_cookie_and_the_last_one_wins()
    {
        await using var host = await SecurityHost.StartAsync(o => o.MaxCookieSize = 16 * 1024);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/base/0", jar);
        await host.Host.GetStringAsync("/fill/5", jar);
        var id = await host.Host.GetStringAsync("/id", jar);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var copy = jar.Clone();
            var response = await host.Host.GetAsync($"/set/k{i}/v{i}", copy);
            return (Index: i, Response: response, Jar: copy);
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
        foreach (var (index, _, copy) in responses)
        {
            // Each response on its own is a whole, valid cookie set: the base state plus its own write.
            Assert.Equal($"base,blob,k{index}", await host.Host.GetStringAsync("/keys", copy));
            Assert.Equal(id, await host.Host.GetStringAsync("/id", copy));
        }

        // A browser applies the responses in the order they arrive: the last one is the session.
        foreach (var (_, response, _) in responses)
        {
            jar.Apply(response);
        }

        Assert.Equal($"base,blob,k{responses[^1].Index}", await host.Host.GetStringAsync("/keys", jar));
        Assert.DoesNotContain(host.Events, e => e.StartsWith("Rejected", StringComparison.Ordinal));
        foreach (var (_, response, _) in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Read_only_requests_never_roll_back_a_newer_write()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/old", jar);

        // Twenty readers and one writer start from the same cookie; the writer's response arrives first.
        var readers = Enumerable.Range(0, 20).Select(_ => host.Host.GetAsync("/get/a", jar.Clone())).ToList();
        using var writer = await host.Host.GetAsync("/set/a/new", jar.Clone());
        var readResponses = await Task.WhenAll(readers);
        jar.Apply(writer);
        foreach (var read in readResponses)
        {
            Assert.Equal("old", await read.Content.ReadAsStringAsync());
            Assert.False(read.Headers.Contains("Set-Cookie"));
            jar.Apply(read);
            read.Dispose();
        }

        Assert.Equal("new", await host.Host.GetStringAsync("/get/a", jar));
    }

    [Fact]
    public async Task Rewriting_an_unchanged_value_sends_no_cookie()
    {
        await using var host = await SecurityHost.StartAsync();
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);

        using var same = await host.Host.GetAsync("/set/a/1", jar);
        using var counted = await host.Host.GetAsync("/count-keys", jar);

        Assert.False(same.Headers.Contains("Set-Cookie"));
        Assert.False(counted.Headers.Contains("Set-Cookie"));
    }
}
