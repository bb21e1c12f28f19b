using CookieState.Tests.Infrastructure;

namespace CookieState.Tests.Partitions;

/// <summary>
/// Partitions through TestServer and a browser-like jar: parallel requests that change different partitions, applied to the
/// jar in every order, lose no write; identity changes fail closed; the layout is what docs/design.md says.
/// </summary>
public sealed class PartitionHttpTests
{
    private const string Name = PartitionHost.Name;

    [Fact]
    public async Task Each_set_holds_its_own_keys_and_a_write_touches_only_its_set()
    {
        await using var host = await PartitionHost.StartAsync(["cart", "prefs"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);
        await host.Host.GetStringAsync("/set/y/1", jar);
        Assert.Equal([Name, Name + ".-", Name + ".cart"], jar.Cookies.Keys.Order(StringComparer.Ordinal));

        using var cart = await host.SendAsync("/set/cart:x/2", jar);
        Assert.Equal([Name + ".cart"], PartitionHost.SetCookieNames(cart));
        using var rest = await host.SendAsync("/set/y/2", jar);
        Assert.Equal([Name + ".-"], PartitionHost.SetCookieNames(rest));
        using var prefs = await host.SendAsync("/set/prefs:z/1", jar);
        Assert.Equal([Name + ".prefs"], PartitionHost.SetCookieNames(prefs));
        using var read = await host.SendAsync("/get/y", jar);
        Assert.Empty(PartitionHost.SetCookieNames(read));
        Assert.Empty(host.Rejections);
    }

    [Fact]
    public async Task The_lifetime_set_holds_no_entry_and_a_sliding_refresh_rewrites_only_it()
    {
        await using var host = await PartitionHost.StartAsync(["cart"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);
        await host.Host.GetStringAsync("/set/y/1", jar);
        var lifetime = jar[Name]!;

        host.Host.Clock.Advance(TimeSpan.FromMinutes(15));
        using var refresh = await host.SendAsync("/get/y", jar);
        Assert.Equal("1", await refresh.Content.ReadAsStringAsync());
        Assert.Equal([Name], PartitionHost.SetCookieNames(refresh));
        jar.Apply(refresh);
        Assert.NotEqual(lifetime, jar[Name]);
        Assert.Equal("1", await host.Host.GetStringAsync("/get/cart:x", jar));
    }

    [Fact]
    public async Task A_write_to_one_partition_when_the_refresh_is_due_slides_the_lifetime_too()
    {
        await using var host = await PartitionHost.StartAsync(["cart"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);

        // Only writes to the partition from here on: they must slide the idle timeout as any write does.
        host.Host.Clock.Advance(TimeSpan.FromMinutes(15));
        using var write = await host.SendAsync("/set/cart:x/2", jar);
        Assert.Equal([Name, Name + ".cart"], PartitionHost.SetCookieNames(write));
        jar.Apply(write);
        host.Host.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal("2", await host.Host.GetStringAsync("/get/cart:x", jar));
    }

    public static TheoryData<bool> RefreshDue => new() { false, true };

    [Theory]
    [MemberData(nameof(RefreshDue))]
    public async Task Parallel_writes_to_different_partitions_survive_every_order_the_browser_applies_them_in(bool refreshDue)
    {
        await using var host = await PartitionHost.StartAsync(["cart", "prefs"]);
        var start = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/0", start);
        await host.Host.GetStringAsync("/set/y/0", start);
        await host.Host.GetStringAsync("/set/prefs:z/0", start);
        var id = await host.Host.GetStringAsync("/id", start);
        if (refreshDue)
        {
            host.Host.Clock.Advance(TimeSpan.FromMinutes(15));
        }

        // Sent at once from the same cookies: three writers to three sets, a reader (which slides the timeout when due).
        string[] paths = ["/set/cart:x/1", "/set/y/1", "/set/prefs:z/1", "/get/y"];
        var responses = await Task.WhenAll(paths.Select(path => host.SendAsync(path, start.Clone())));
        try
        {
            foreach (var order in Permutations(Enumerable.Range(0, responses.Length).ToArray()))
            {
                var jar = start.Clone();
                foreach (var index in order)
                {
                    jar.Apply(responses[index]);
                }

                var what = $"order {string.Join(",", order)}";
                Assert.True("1" == await host.Host.GetStringAsync("/get/cart:x", jar.Clone()), what);
                Assert.True("1" == await host.Host.GetStringAsync("/get/y", jar.Clone()), what);
                Assert.True("1" == await host.Host.GetStringAsync("/get/prefs:z", jar.Clone()), what);
                Assert.Equal(id, await host.Host.GetStringAsync("/id", jar.Clone()));
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.Empty(host.Rejections);
    }

    [Fact]
    public async Task Without_partitions_the_same_parallel_writes_lose_one_of_them()
    {
        // The problem partitions solve, pinned: the last Set-Cookie applied carries the whole session as its request saw it.
        await using var host = await PartitionHost.StartAsync([]);
        var start = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/0", start);
        await host.Host.GetStringAsync("/set/y/0", start);
        using var cart = await host.SendAsync("/set/cart:x/1", start.Clone());
        using var rest = await host.SendAsync("/set/y/1", start.Clone());
        var jar = start.Clone();
        jar.Apply(cart);
        jar.Apply(rest);
        Assert.Equal("0", await host.Host.GetStringAsync("/get/cart:x", jar));
        Assert.Equal([Name], jar.Cookies.Keys);
    }

    [Fact]
    public async Task RegenerateId_reseals_every_set_and_a_set_sealed_to_the_old_id_is_refused_and_expired()
    {
        await using var host = await PartitionHost.StartAsync(["cart"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);
        await host.Host.GetStringAsync("/set/y/1", jar);
        var before = jar.Clone();
        var oldId = await host.Host.GetStringAsync("/id", jar);

        using var regenerate = await host.SendAsync("/regenerate", jar);
        Assert.Equal([Name, Name + ".-", Name + ".cart"], PartitionHost.SetCookieNames(regenerate));
        jar.Apply(regenerate);
        Assert.NotEqual(oldId, await host.Host.GetStringAsync("/id", jar));
        Assert.Equal("1", await host.Host.GetStringAsync("/get/cart:x", jar));

        // The old cart set next to the new lifetime set (a response of the old session applied late): never mixed in.
        var mixed = jar.Clone();
        mixed[Name + ".cart"] = before[Name + ".cart"];
        using var read = await host.SendAsync("/get/cart:x", mixed);
        Assert.Equal("(null)", await read.Content.ReadAsStringAsync());
        Assert.Contains((CookieStateRejectionReason.PartitionMismatch, "cart"), host.Rejections);
        mixed.Apply(read);
        Assert.Null(mixed[Name + ".cart"]);
        Assert.Equal("1", await host.Host.GetStringAsync("/get/y", mixed));

        // The old lifetime set applied last (a read-only refresh racing the sign-in): the old session, whole, with no
        // content sealed to the new id.
        var rolledBack = jar.Clone();
        rolledBack[Name] = before[Name];
        Assert.Equal(oldId, await host.Host.GetStringAsync("/id", rolledBack.Clone()));
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/cart:x", rolledBack.Clone()));
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/y", rolledBack.Clone()));
    }

    [Fact]
    public async Task Abandon_expires_every_set_and_a_kept_copy_does_not_join_the_next_session()
    {
        await using var host = await PartitionHost.StartAsync(["cart"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);
        await host.Host.GetStringAsync("/set/y/1", jar);
        var before = jar.Clone();

        using var abandon = await host.SendAsync("/abandon", jar);
        Assert.Equal([Name, Name + ".-", Name + ".cart"], PartitionHost.SetCookieNames(abandon));
        jar.Apply(abandon);
        Assert.Empty(jar.Cookies);

        await host.Host.GetStringAsync("/set/y/2", jar);
        jar[Name + ".cart"] = before[Name + ".cart"];
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/cart:x", jar));
        Assert.Contains((CookieStateRejectionReason.PartitionMismatch, "cart"), host.Rejections);
    }

    [Fact]
    public async Task A_set_from_another_session_or_renamed_to_another_partition_is_refused_and_named()
    {
        await using var host = await PartitionHost.StartAsync(["cart", "prefs"]);
        var victim = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/victim", victim);
        var attacker = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/attacker", attacker);
        await host.Host.GetStringAsync("/set/prefs:x/attacker", attacker);

        var planted = victim.Clone();
        planted[Name + ".prefs"] = attacker[Name + ".prefs"];
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/prefs:x", planted));
        Assert.Equal("victim", await host.Host.GetStringAsync("/get/cart:x", planted));
        Assert.Contains((CookieStateRejectionReason.PartitionMismatch, "prefs"), host.Rejections);

        var renamed = victim.Clone();
        renamed[Name + ".prefs"] = victim[Name + ".cart"];
        Assert.Equal("(null)", await host.Host.GetStringAsync("/keys", renamed) is "cart:x" ? "(null)" : "mixed");
        Assert.Equal(2, host.Rejections.Count(r => r == (CookieStateRejectionReason.PartitionMismatch, "prefs")));

        var asLifetime = new CookieJar { [Name] = victim[Name + ".cart"] };
        Assert.Equal(string.Empty, await host.Host.GetStringAsync("/keys", asLifetime));
        Assert.Contains((CookieStateRejectionReason.PartitionMismatch, null), host.Rejections);
    }

    [Fact]
    public async Task The_budget_covers_every_set_together()
    {
        // Each 500-character value fits the budget in any one set; three sets of them, each repeating the sealed header
        // and wrapped data key, do not.
        // Sizes are the envelope format's (the JOSE suite run pins it here too).
        await using var host = await PartitionHost.StartAsync(["cart", "prefs"], configure: o => (o.MaxCookieSize, o.Format) = (2600, CookieStateFormat.Envelope));
        var jar = new CookieJar();
        var value = new string('a', 500);
        await host.Host.GetStringAsync($"/set/cart:x/{value}", jar);
        await host.Host.GetStringAsync($"/set/prefs:x/{value}", jar);
        var overflow = await Assert.ThrowsAsync<CookieStateOverflowException>(() => host.Host.GetAsync($"/set/y/{value}", jar));
        Assert.Equal(CookieStateLimit.CookieSize, overflow.LimitKind);
        Assert.Contains("all its partitions", overflow.Message, StringComparison.Ordinal);
        Assert.True(jar.Cookies.Sum(c => c.Key.Length + 1 + c.Value.Length + 2) <= 2600);

        await using var single = await PartitionHost.StartAsync([], configure: o => (o.MaxCookieSize, o.Format) = (2600, CookieStateFormat.Envelope));
        var one = new CookieJar();
        await single.Host.GetStringAsync($"/set/cart:x/{value}", one);
        await single.Host.GetStringAsync($"/set/prefs:x/{value}", one);
        await single.Host.GetStringAsync($"/set/y/{value}", one);
    }

    [Fact]
    public async Task A_request_that_uses_one_partition_opens_only_that_one_and_Keys_opens_them_all()
    {
        await using var host = await PartitionHost.StartAsync(["cart", "prefs"]);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/cart:x/1", jar);
        await host.Host.GetStringAsync("/set/prefs:x/1", jar);
        await host.Host.GetStringAsync("/set/y/1", jar);

        // A damaged prefs set is noticed only by a request that opens it.
        var sealedPrefs = jar[Name + ".prefs"]!;
        jar[Name + ".prefs"] = sealedPrefs[..^4] + (sealedPrefs[^4..] == "AAAA" ? "BBBB" : "AAAA");
        Assert.Equal("1", await host.Host.GetStringAsync("/get/cart:x", jar));
        Assert.Equal("ok", await host.Host.GetStringAsync("/set/cart:x/2", jar));
        Assert.Empty(host.Rejections);
        Assert.NotNull(jar[Name + ".prefs"]);

        Assert.Equal("cart:x,y", await host.Host.GetStringAsync("/keys", jar));
        Assert.Single(host.Rejections, r => r.Partition == "prefs");
        Assert.Null(jar[Name + ".prefs"]);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(3072)]
    public async Task Three_partitions_cost_a_bounded_number_of_characters_per_extra_set(int stateBytes)
    {
        // The envelope format's figures (docs/performance.md), also in the JOSE suite run.
        await using var single = await PartitionHost.StartAsync([], configure: o => o.Format = CookieStateFormat.Envelope);
        await using var partitioned = await PartitionHost.StartAsync(["a", "b", "c"], configure: o => (o.MaxCookieSize, o.Format) = (16 * 1024, CookieStateFormat.Envelope));
        var value = new string('x', stateBytes / 3);
        var lengths = new List<int>();
        foreach (var host in new[] { single, partitioned })
        {
            var jar = new CookieJar();
            foreach (var group in new[] { "a", "b", "c" })
            {
                await host.Host.GetStringAsync($"/set/{group}:data/{value}", jar);
            }

            lengths.Add(jar.Cookies.Sum(c => c.Key.Length + 1 + c.Value.Length) + (2 * (jar.Cookies.Count - 1)));
        }

        // Four sets instead of one: three extra sealed headers with their wrapped data key, names and separators.
        var perExtraSet = (lengths[1] - lengths[0]) / 3.0;
        Assert.InRange(perExtraSet, 150, 400);
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}
