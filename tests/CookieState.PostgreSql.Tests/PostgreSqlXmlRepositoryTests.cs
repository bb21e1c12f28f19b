using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace CookieState.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlXmlRepositoryTests(PostgresFixture fixture)
{
    private static PostgreSqlXmlRepository Repository(string connectionString, string? schema = null, string? table = null) =>
        new(new PostgreSqlKeyRingOptions
        {
            ConnectionString = connectionString,
            Schema = schema ?? PostgreSqlKeyRingOptions.DefaultSchema,
            TableName = table ?? PostgreSqlKeyRingOptions.DefaultTableName,
        });

    [Fact]
    public async Task Table_is_created_on_first_use()
    {
        var cs = await fixture.CreateDatabaseAsync();
        Assert.False(await TestDatabase.ScalarAsync<bool>(cs, "SELECT to_regclass('public.cookiestate_dataprotection_keys') IS NOT NULL"));

        Assert.Empty(Repository(cs).GetAllElements());

        var columns = await TestDatabase.ColumnAsync(cs,
            "SELECT column_name::text FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'cookiestate_dataprotection_keys' ORDER BY ordinal_position");
        Assert.Equal(["id", "friendly_name", "xml", "created_at"], columns);
    }

    [Fact]
    public async Task Custom_schema_and_mixed_case_table_are_created()
    {
        var cs = await fixture.CreateDatabaseAsync();
        var repository = Repository(cs, schema: "Key Ring", table: "Keys");

        repository.StoreElement(new XElement("key", new XAttribute("id", "1")), "key-1");

        Assert.Equal("\"Key Ring\".\"Keys\"", repository.QualifiedTableName);
        Assert.Equal(1L, await TestDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM \"Key Ring\".\"Keys\""));
    }

    [Fact]
    public async Task Elements_round_trip_in_insertion_order()
    {
        var cs = await fixture.CreateDatabaseAsync();
        var writer = Repository(cs);
        var stored = new List<XElement>();
        foreach (var name in new[] { "key-c", "key-a", "revocation-1", "key-b", "key-ünïcødé" })
        {
            var element = new XElement("key",
                new XAttribute("id", name),
                new XElement("descriptor", new XCData("<secret & stuff>")),
                new XElement("note", "multi\nline ✓"));
            writer.StoreElement(element, name);
            stored.Add(element);
        }

        // A second instance stands in for another node reading the same table.
        var read = Repository(cs).GetAllElements().ToList();

        Assert.Equal(stored.Count, read.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            Assert.True(XNode.DeepEquals(stored[i], read[i]), $"element {i} differs: {read[i]}");
        }
    }

    [Fact]
    public async Task Duplicate_friendly_names_do_not_duplicate_and_keep_the_first_element()
    {
        var cs = await fixture.CreateDatabaseAsync();
        var repository = Repository(cs);

        repository.StoreElement(new XElement("key", "first"), "key-1");
        repository.StoreElement(new XElement("key", "first"), "key-1");
        repository.StoreElement(new XElement("key", "second"), "key-1");
        Repository(cs).StoreElement(new XElement("key", "third"), "key-1");

        var element = Assert.Single(repository.GetAllElements());
        Assert.Equal("first", element.Value);
        Assert.Equal(1L, await TestDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM cookiestate_dataprotection_keys"));
    }

    [Fact]
    public async Task Eight_concurrent_nodes_create_the_table_and_store_without_losing_or_duplicating()
    {
        const int nodes = 8;
        const int perNode = 50;
        const int shared = 10;
        var cs = await fixture.CreateDatabaseAsync();
        var repositories = Enumerable.Range(0, nodes).Select(_ => Repository(cs)).ToArray();
        using var barrier = new Barrier(nodes);

        var tasks = Enumerable.Range(0, nodes).Select(node => Task.Factory.StartNew(() =>
        {
            // Release all nodes at once so their first call races on table creation.
            barrier.SignalAndWait(TimeSpan.FromSeconds(30));
            for (var i = 0; i < perNode; i++)
            {
                repositories[node].StoreElement(new XElement("key", new XAttribute("node", node), new XAttribute("seq", i)), $"key-{node}-{i}");

                // Every node also races to store the same few names, as nodes do when they all create a key at once.
                if (i < shared)
                {
                    repositories[node].StoreElement(new XElement("shared", new XAttribute("seq", i), new XAttribute("by", node)), $"shared-{i}");
                }
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        await Task.WhenAll(tasks);

        var elements = Repository(cs).GetAllElements().ToList();
        var keys = elements.Where(e => e.Name == "key").ToList();
        var sharedElements = elements.Where(e => e.Name == "shared").ToList();

        Assert.Equal(nodes * perNode + shared, elements.Count);
        Assert.Equal(nodes * perNode, keys.Select(e => ((string?)e.Attribute("node"), (string?)e.Attribute("seq"))).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, shared), sharedElements.Select(e => (int)e.Attribute("seq")!).Order());

        // Each node wrote sequentially, so insertion order must preserve each node's own order.
        foreach (var group in keys.GroupBy(e => (string)e.Attribute("node")!))
        {
            Assert.Equal(Enumerable.Range(0, perNode), group.Select(e => (int)e.Attribute("seq")!));
        }

        Assert.Equal((long)(nodes * perNode + shared), await TestDatabase.ScalarAsync<long>(cs, "SELECT count(DISTINCT friendly_name) FROM cookiestate_dataprotection_keys"));
    }

    [Fact]
    public async Task DeleteElements_removes_only_the_chosen_elements()
    {
        var cs = await fixture.CreateDatabaseAsync();
        var repository = Repository(cs);
        IDeletableXmlRepository deletable = repository;
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            repository.StoreElement(new XElement("key", name), name);
        }

        var offered = new List<string>();
        var result = deletable.DeleteElements(elements =>
        {
            foreach (var element in elements)
            {
                offered.Add(element.Element.Value);
                if (element.Element.Value is "d")
                {
                    element.DeletionOrder = 1;
                }
                else if (element.Element.Value is "b")
                {
                    element.DeletionOrder = 2;
                }
            }
        });

        Assert.True(result);
        Assert.Equal(["a", "b", "c", "d"], offered);
        Assert.Equal(["a", "c"], Repository(cs).GetAllElements().Select(e => e.Value));
    }

    [Fact]
    public void Unreachable_database_gives_a_clear_error_without_the_password()
    {
        var (cs, port) = TestDatabase.Unreachable();
        var repository = Repository(cs);

        var exception = Assert.Throws<InvalidOperationException>(() => repository.GetAllElements());

        Assert.IsAssignableFrom<NpgsqlException>(exception.InnerException);
        Assert.Contains("host '127.0.0.1'", exception.Message);
        Assert.Contains($"port {port}", exception.Message);
        Assert.Contains("'keyring_db'", exception.Message);
        Assert.Contains("Check that the PostgreSQL server is running", exception.Message);
        Assert.DoesNotContain(TestDatabase.SecretPassword, exception.ToString());

        var storeException = Assert.Throws<InvalidOperationException>(() => repository.StoreElement(new XElement("key"), "key-1"));
        Assert.DoesNotContain(TestDatabase.SecretPassword, storeException.Message);
    }

    [Fact]
    public void Invalid_options_are_rejected_up_front()
    {
        Assert.Throws<ArgumentException>(() => Repository(""));
        Assert.Throws<ArgumentException>(() => Repository("Host=127.0.0.1", table: " "));
        var malformed = Assert.Throws<ArgumentException>(() => Repository($"Host=127.0.0.1;Password={TestDatabase.SecretPassword};NoSuchKeyword=1"));
        Assert.DoesNotContain(TestDatabase.SecretPassword, malformed.Message);
    }
}
