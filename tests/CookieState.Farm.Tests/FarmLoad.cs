using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace CookieState.Farm.Tests;

/// <summary>
/// Simulated users, each with its own cookie jar, incrementing a session counter through the farm and checking every
/// answer. An answer that is not the previous one plus one is a lost update; bounded in users, requests and time.
/// </summary>
public static class FarmLoad
{
    public static async Task<FarmLoadResult> RunAsync(
        Uri baseAddress, int users, int requestsPerUser, Func<Task>? midRun = null, double midRunAt = 0.4)
    {
        var perNode = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var completed = 0;
        var trigger = (int)(users * requestsPerUser * midRunAt);
        Task midRunTask = Task.CompletedTask;
        var results = await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true };
            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
            var confirmed = 0;
            var increments = 0;
            var lost = 0;
            var failed = 0;
            for (var i = 0; i < requestsPerUser; i++)
            {
                if (Interlocked.Increment(ref completed) == trigger && midRun is not null)
                {
                    midRunTask = Task.Run(midRun);
                }

                try
                {
                    using var response = await client.GetAsync("api/counter");
                    if (response.Headers.TryGetValues("X-Node", out var nodes))
                    {
                        perNode.AddOrUpdate(nodes.First(), 1, (_, n) => n + 1);
                    }

                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failed++;
                        continue;
                    }

                    var value = int.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture);
                    increments++;
                    if (value != confirmed + 1)
                    {
                        // The session fell back to an older or empty state: every increment above the answer is lost.
                        lost += Math.Max(0, confirmed + 1 - value);
                    }

                    confirmed = value;
                }
                catch (HttpRequestException)
                {
                    failed++;
                }
                catch (TaskCanceledException)
                {
                    failed++;
                }
            }

            var finalCookie = handler.CookieContainer.GetCookies(baseAddress)[".CookieState"]?.Value ?? string.Empty;
            return (increments, lost, failed, finalCookie);
        }));
        await midRunTask;

        return new FarmLoadResult(
            users,
            results.Sum(r => r.increments),
            results.Sum(r => r.lost),
            results.Count(r => r.lost > 0),
            results.Sum(r => r.failed),
            new Dictionary<string, int>(perNode),
            results.Select(r => r.finalCookie).ToArray());
    }
}
