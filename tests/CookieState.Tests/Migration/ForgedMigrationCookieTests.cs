using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using CookieState.Diagnostics;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.KeyRing;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Migration;

/// <summary>
/// Forged <c>.AspNetCore.Session</c> cookies naming random Data Protection key ids go through the same cached-ring check
/// as CookieState's own cookies (issue 21, item 2), and are logged without a stack trace (item 4).
/// </summary>
public sealed class ForgedMigrationCookieTests
{
    private const string OldCookie = ".AspNetCore.Session";

    [Fact]
    public async Task A_burst_of_forged_old_cookies_with_random_key_ids_costs_at_most_one_key_store_read()
    {
        var counter = new CountingXmlRepository();
        await using var host = await SessionTestHost.StartAsync(services: s =>
        {
            s.AddSingleton<IDistributedCache>(new FakeDistributedCache());
            s.AddCookieStateMigration(_ => { });
            s.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = counter.Wrap(o.XmlRepository));
        });

        // The key ring is loaded by a first ordinary request.
        Assert.Equal("ok", await host.GetStringAsync("/set/a/1", new CookieJar()));
        var readsAfterLoad = counter.Reads;

        for (var i = 0; i < 40; i++)
        {
            using var response = await host.GetAsync("/get/name", new CookieJar { [OldCookie] = Forged(Guid.NewGuid()) });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        }

        // The throttled pickup may look once; Data Protection's own auto-refresh would read once per forged id.
        Assert.InRange(counter.Reads - readsAfterLoad, 0, 1);
        var rejected = host.Logs.Entries.Where(e => e.EventId.Id == CookieStateEventIds.MigrationCookieRejected).ToArray();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, e => Assert.Null(e.Exception));
    }

    /// <summary>A Data Protection payload's shape (magic header, key id, then noise), as the built-in session writes it.</summary>
    private static string Forged(Guid keyId)
    {
        var payload = new byte[4 + 16 + 100];
        BinaryPrimitives.WriteUInt32BigEndian(payload, 0x09F0C9F0);
        keyId.TryWriteBytes(payload.AsSpan(4, 16));
        RandomNumberGenerator.Fill(payload.AsSpan(20));
        return Convert.ToBase64String(payload).TrimEnd('=');
    }
}
