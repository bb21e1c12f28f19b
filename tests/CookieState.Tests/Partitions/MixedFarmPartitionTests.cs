using CookieState.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Partitions;

/// <summary>
/// A rolling deploy: nodes that disagree about partitions serve one session in turn. Every node reads both layouts, and a
/// node that writes moves each key where its configuration puts it, so sequential requests neither lose a key nor bring
/// back one that was removed or overwritten.
/// </summary>
public sealed class MixedFarmPartitionTests
{
    public static TheoryData<string, string> Configurations => new()
    {
        { string.Empty, "cart" },
        { "cart", "cart,prefs" },
        { "prefs", "cart" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task Sequential_requests_across_nodes_that_disagree_neither_lose_nor_duplicate_keys(string first, string second)
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        await using var a = await PartitionHost.StartAsync(Split(first), keys, clock);
        await using var b = await PartitionHost.StartAsync(Split(second), keys, clock);
        var jar = new CookieJar();
        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);

        // A fixed walk over both nodes: sets, overwrites, removals, reads, a refresh, a new id.
        (PartitionHost Node, string Op, string Key, string Value)[] steps =
        [
            (a, "set", "cart:x", "1"), (a, "set", "y", "1"), (a, "set", "prefs:z", "1"),
            (b, "set", "cart:x", "2"), (a, "get", "cart:x", ""), (b, "set", "w", "1"),
            (a, "remove", "cart:x", ""), (b, "get", "cart:x", ""), (b, "set", "prefs:z", "2"),
            (a, "refresh", "", ""), (b, "set", "y", "2"), (a, "regenerate", "", ""),
            (b, "remove", "prefs:z", ""), (a, "get", "prefs:z", ""), (a, "set", "cart:v", "3"),
            (b, "get", "y", ""), (a, "clear", "", ""), (b, "set", "cart:x", "4"), (a, "get", "cart:x", ""),
        ];
        for (var step = 0; step < steps.Length; step++)
        {
            var (node, op, key, value) = steps[step];
            switch (op)
            {
                case "set":
                    await node.Host.GetStringAsync($"/set/{key}/{value}", jar);
                    expected[key] = value;
                    break;
                case "remove":
                    await node.Host.GetStringAsync($"/remove/{key}", jar);
                    expected.Remove(key);
                    break;
                case "clear":
                    await node.Host.GetStringAsync("/clear", jar);
                    expected.Clear();
                    break;
                case "get":
                    Assert.Equal(expected.GetValueOrDefault(key, "(null)"), await node.Host.GetStringAsync($"/get/{key}", jar));
                    break;
                case "refresh":
                    clock.Advance(TimeSpan.FromMinutes(15));
                    await node.Host.GetStringAsync("/none", jar);
                    await node.Host.GetStringAsync("/id", jar);
                    break;
                case "regenerate":
                    await node.Host.GetStringAsync("/regenerate", jar);
                    break;
            }

            // Both nodes see exactly the expected keys and values after every step, whoever wrote last.
            foreach (var reader in new[] { a, b })
            {
                Assert.True(
                    string.Join(",", expected.Keys) == await reader.Host.GetStringAsync("/keys", jar.Clone()),
                    $"step {step} ({op} {key}) on the other node; cookies: {string.Join(",", jar.Cookies.Keys)}");
                foreach (var (k, v) in expected)
                {
                    Assert.Equal(v, await reader.Host.GetStringAsync($"/get/{k}", jar.Clone()));
                }
            }
        }

        Assert.Empty(a.Rejections);
        Assert.Empty(b.Rejections);
    }

    private static string[] Split(string partitions) =>
        partitions.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
