using CookieState.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CookieState.Tests.Partitions;

/// <summary>
/// Random parallel schedules: rounds of requests sent at once from the same cookies, each writing a key of a distinct set
/// (three partitions and the rest), or only reading, or only sliding the timeout; the responses applied in a random order.
/// After every round, every write of it, and every earlier one, is in the session. (Requests sent before the session
/// exists start two sessions; that race is not a partition's and stays out of the schedules.)
/// </summary>
public sealed class ParallelSchedulePropertyTests : IAsyncLifetime
{
    private static readonly string[] Sets = ["cart", "prefs", "ui", "-"];

    private PartitionHost? _host;

    public async Task InitializeAsync() => _host = await PartitionHost.StartAsync(["cart", "prefs", "ui"]);

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    [Property(MaxTest = 40, QuietOnSuccess = true)]
    public Property Writes_to_distinct_partitions_survive_any_parallel_schedule() =>
        Prop.ForAll(Schedules().ToArbitrary(), rounds =>
        {
            var host = _host!;
            var jar = new CookieJar();
            var expected = new Dictionary<string, string>(StringComparer.Ordinal) { ["base"] = "0" };
            var value = 0;

            // Parallel requests without a session each start one, with ids of their own: only one can win, by design.
            host.Host.GetStringAsync("/set/base/0", jar).GetAwaiter().GetResult();
            foreach (var (writers, readers, refreshFirst, order) in rounds)
            {
                if (refreshFirst)
                {
                    host.Host.Clock.Advance(TimeSpan.FromMinutes(11));
                }

                var paths = new List<string>();
                foreach (var set in writers)
                {
                    var key = set == "-" ? "k" : $"{set}:k";
                    expected[key] = (++value).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    paths.Add($"/set/{key}/{expected[key]}");
                }

                paths.AddRange(Enumerable.Repeat("/get/k", readers));
                var responses = Task.WhenAll(paths.Select(path => host.SendAsync(path, jar.Clone()))).GetAwaiter().GetResult();
                foreach (var index in order.Take(responses.Length).Concat(Enumerable.Range(0, responses.Length)).Distinct().Where(i => i < responses.Length))
                {
                    jar.Apply(responses[index]);
                }

                foreach (var response in responses)
                {
                    response.Dispose();
                }

                foreach (var (key, expectedValue) in expected)
                {
                    var actual = host.Host.GetStringAsync($"/get/{key}", jar.Clone()).GetAwaiter().GetResult();
                    Assert.True(expectedValue == actual, $"{key}: expected {expectedValue}, got {actual}; cookies {string.Join(", ", jar.Cookies.Select(c => $"{c.Key}({c.Value.Length})"))}; rejections {string.Join(",", host.Rejections)}; warnings {string.Join(" | ", host.Host.Logs.Entries.Where(e => e.Category.StartsWith("CookieState", StringComparison.Ordinal) && e.Level >= Microsoft.Extensions.Logging.LogLevel.Information).TakeLast(5).Select(e => e.EventId.Name + ": " + e.Message))}");
                }
            }

            Assert.Empty(host.Rejections);
        });

    private static Gen<(string[] Writers, int Readers, bool RefreshFirst, int[] Order)[]> Schedules() =>
        Gen.Choose(1, 4).SelectMany(rounds => Round().ArrayOf(rounds));

    private static Gen<(string[] Writers, int Readers, bool RefreshFirst, int[] Order)> Round() =>
        from writers in Gen.Shuffle(Sets).SelectMany(shuffled => Gen.Choose(1, Sets.Length).Select(count => shuffled.Take(count).ToArray()))
        from readers in Gen.Choose(0, 3)
        from refresh in Gen.Elements(true, false)
        from order in Gen.Shuffle(Enumerable.Range(0, 7).ToArray())
        select (writers, readers, refresh, order);
}
