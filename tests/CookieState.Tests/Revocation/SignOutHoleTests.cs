using System.Diagnostics.Metrics;
using System.Net;
using CookieState.Diagnostics;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CookieState.Tests.Revocation;

/// <summary>
/// The sign-out holes of issue 18, each through a TestServer with real Set-Cookie round trips: copies taken under an
/// earlier id, sign-out during an outage, and a user binding that entry operations could drop.
/// </summary>
public sealed class SignOutHoleTests
{
    private static Task<SecurityHost> StartAsync(FakeDistributedCache cache, CookieStateRevocationFailureMode mode = CookieStateRevocationFailureMode.FailClosed) =>
        SecurityHost.StartAsync(services: s =>
        {
            s.AddSingleton<IDistributedCache>(cache);
            s.AddCookieStateRevocation(o => o.FailureMode = mode);
        });

    [Fact]
    public async Task Copies_taken_under_earlier_ids_are_refused_once_the_session_is_abandoned()
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/secret/42", jar);
        var beforeSignIn = jar.Clone();

        // Sign-in regenerates the id, as recommended against fixation; a copy is kept after it, and the id changes again.
        Assert.Equal("alice", await host.Host.GetStringAsync("/bind/alice", jar));
        var afterSignIn = jar.Clone();
        var signedInId = await host.Host.GetStringAsync("/id", afterSignIn.Clone());
        var currentId = await host.Host.GetStringAsync("/regenerate", jar);
        Assert.NotEqual(signedInId, currentId);
        Assert.Equal("42", await host.Host.GetStringAsync("/get/secret", afterSignIn.Clone()));

        Assert.Equal("ok", await host.Host.GetStringAsync("/abandon", jar));
        host.Events.Clear();

        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/secret", afterSignIn));
        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/secret", beforeSignIn));
        Assert.Equal(["Ended:Revoked", "Ended:Revoked"], host.Events);
        Assert.Empty(afterSignIn.Cookies);
        Assert.Empty(beforeSignIn.Cookies);
    }

    [Fact]
    public async Task Abandon_during_a_revocation_store_outage_expires_the_cookies_and_never_throws()
    {
        var cache = new FakeDistributedCache();
        await using var host = await StartAsync(cache, CookieStateRevocationFailureMode.FailClosed);
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/secret/42", jar);
        using var failures = new MetricCollector<long>(
            host.Host.Services.GetRequiredService<IMeterFactory>(), CookieStateDiagnostics.MeterName, "cookiestate.revocation.failures");

        cache.Failing = CacheCalls.All;
        using var signOut = await host.Host.GetAsync("/abandon", jar);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Equal("ok", await signOut.Content.ReadAsStringAsync());
        Assert.Contains(signOut.Headers.GetValues("Set-Cookie"), h => h.StartsWith(".CookieState=;", StringComparison.Ordinal)
            && h.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Empty(jar.Cookies);
        Assert.Contains("Ended:Abandoned", host.Events);
        Assert.Contains(host.Host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationRecordFailed && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        Assert.Contains(failures.GetMeasurementSnapshot(), m => Equals(m.Tags["operation"], "record"));
    }

    [Fact]
    public async Task Abandon_while_the_key_ring_is_down_expires_the_cookies_and_logs_that_nothing_was_recorded()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-shared-").FullName;
        var cache = new FakeDistributedCache();
        // The envelope format, whatever format the suite runs in: its keys come from the Data Protection ring taken down here.
        await using var healthy = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.Envelope, keyDirectory: keys);
        var jar = new CookieJar();
        await healthy.GetStringAsync("/set/a/1", jar);
        await using var broken = await SessionTestHost.StartAsync(
            o => o.Format = CookieStateFormat.Envelope,
            keyDirectory: keys,
            services: s =>
            {
                s.PostConfigure<KeyManagementOptions>(o => o.XmlRepository = new UnreachableRepository());
                s.AddSingleton<IDistributedCache>(cache);
                s.AddCookieStateRevocation();
            });
        using var failures = new MetricCollector<long>(
            broken.Services.GetRequiredService<IMeterFactory>(), CookieStateDiagnostics.MeterName, "cookiestate.revocation.failures");

        using var signOut = await broken.GetAsync("/abandon", jar);

        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        Assert.Empty(jar.Cookies);
        var logged = Assert.Single(broken.Logs.Entries, e => e.EventId.Name == "RevocationUnrecordable");
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, logged.Level);
        Assert.Contains(failures.GetMeasurementSnapshot(), m => Equals(m.Tags["operation"], "unreadable"));
    }

    [Theory]
    [InlineData("/clear")]
    [InlineData("/remove/.CookieState.User")]
    public async Task Entry_operations_cannot_drop_the_user_binding_and_RevokeUserAsync_still_ends_the_session(string drop)
    {
        await using var host = await StartAsync(new FakeDistributedCache());
        var jar = new CookieJar();
        Assert.Equal("alice", await host.Host.GetStringAsync("/bind/alice", jar));

        await host.Host.GetStringAsync(drop, jar);
        await host.Host.GetStringAsync("/set/secret/42", jar);
        Assert.Equal("alice", await host.Host.GetStringAsync("/whoami", jar));
        host.Host.Clock.Advance(TimeSpan.FromSeconds(1));
        await host.Host.Services.GetRequiredService<ICookieStateRevocation>().RevokeUserAsync("alice");

        Assert.Equal("(null)", await host.Host.GetStringAsync("/get/secret", jar));
        Assert.Contains("Ended:Revoked", host.Events);
    }

    private sealed class UnreachableRepository : IXmlRepository
    {
        public IReadOnlyCollection<System.Xml.Linq.XElement> GetAllElements() => throw new IOException("The key store is unreachable (test fault).");

        public void StoreElement(System.Xml.Linq.XElement element, string friendlyName) => throw new IOException("The key store is unreachable (test fault).");
    }
}
