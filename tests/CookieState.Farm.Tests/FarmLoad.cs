using System.Collections.Concurrent;
using System.Globalization;
using System.Net;

namespace CookieState.Farm.Tests;

/// <summary>
/// Simulated users, each with its own cookie jar, incrementing a session counter through the farm and checking every
/// answer. An answer that is not the previous one plus one is a lost update. A non-200 answer (such as the sample's 503
/// while the session is unavailable) is a failed request, not an increment. Bounded in users, requests and time.
/// </summary>
public static class FarmLoad
{
    /// <summary>Requests each user still makes after the mid-run action has finished, so the sessions are used after it.</summary>
    public const int RequestsAfterMidRun = 5;

    private static readonly TimeSpan MaxRunTime = TimeSpan.FromMinutes(3);

    // A failed user waits before trying again, as a browser user would (and as Retry-After asks), instead of spinning.
    private static readonly TimeSpan FailureBackoff = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Runs the load. With <paramref name="midRun"/>, the action starts once <paramref name="midRunAt"/> of the planned
    /// requests are done, and every user goes on past its <paramref name="requestsPerUser"/> until the action has finished
    /// (and <see cref="RequestsAfterMidRun"/> more), so that the action always happens under load however long it takes.
    /// </summary>
    public static async Task<FarmLoadResult> RunAsync(
        Uri baseAddress, int users, int requestsPerUser, Func<Task>? midRun = null, double midRunAt = 0.4)
    {
        var perNode = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var written = new ConcurrentDictionary<(string Node, string Format), int>();
        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var completed = 0;
        var trigger = Math.Max(1, (int)(users * requestsPerUser * midRunAt));
        var midRunDone = midRun is null ? 1 : 0;
        // A safety net only: every mid-run action bounds its own steps (node start 60 s, stops 30 s).
        var extendUntil = DateTime.UtcNow + MaxRunTime;
        Task midRunTask = Task.CompletedTask;
        var results = await Task.WhenAll(Enumerable.Range(0, users).Select(async _ =>
        {
            using var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true };
            using var client = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
            var confirmed = 0;
            var increments = 0;
            var lost = 0;
            var failed = 0;
            var afterMidRun = 0;
            var formats = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < requestsPerUser || (afterMidRun < RequestsAfterMidRun && DateTime.UtcNow < extendUntil); i++)
            {
                if (Volatile.Read(ref midRunDone) == 1)
                {
                    afterMidRun++;
                }

                if (Interlocked.Increment(ref completed) == trigger && midRun is not null)
                {
                    midRunTask = Task.Run(async () =>
                    {
                        try
                        {
                            await midRun();
                        }
                        finally
                        {
                            Volatile.Write(ref midRunDone, 1);
                        }
                    });
                }

                try
                {
                    using var response = await client.GetAsync("api/counter");
                    var node = response.Headers.TryGetValues("X-Node", out var nodes) ? nodes.First() : "(none)";
                    perNode.AddOrUpdate(node, 1, (_, n) => n + 1);
                    if (WrittenFormat(response) is { } format)
                    {
                        written.AddOrUpdate((node, format), 1, (_, n) => n + 1);
                        formats.Add(format);
                    }

                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        failures.AddOrUpdate(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                        failed++;
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? FailureBackoff);
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
                    failures.AddOrUpdate("no answer", 1, (_, n) => n + 1);
                    failed++;
                    await Task.Delay(FailureBackoff);
                }
                catch (TaskCanceledException)
                {
                    failures.AddOrUpdate("timeout", 1, (_, n) => n + 1);
                    failed++;
                }
            }

            var finalCookie = handler.CookieContainer.GetCookies(baseAddress)[".CookieState"]?.Value ?? string.Empty;
            return (increments, lost, failed, finalCookie, formats.Count);
        }));
        await midRunTask;

        return new FarmLoadResult(
            users,
            results.Sum(r => r.increments),
            results.Sum(r => r.lost),
            results.Count(r => r.lost > 0),
            results.Sum(r => r.failed),
            new Dictionary<string, int>(perNode),
            results.Select(r => r.finalCookie).ToArray())
        {
            FailuresByKind = new Dictionary<string, int>(failures),
            CookiesWritten = new Dictionary<(string Node, string Format), int>(written),
            SessionsWrittenInSeveralFormats = results.Count(r => r.Count > 1),
        };
    }

    /// <summary>The format of the main session cookie the response sets, or null when it sets none (or only expires it).</summary>
    private static string? WrittenFormat(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            return null;
        }

        foreach (var cookie in cookies)
        {
            if (cookie.StartsWith(".CookieState=", StringComparison.Ordinal))
            {
                var value = cookie[".CookieState=".Length..].Split(';', 2)[0];
                return value.Length == 0 ? null : SealedCookie.Format(value);
            }
        }

        return null;
    }
}
