using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using CookieState.Diagnostics;
using CookieState.Migration;
using CookieState.TestServers;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Tests.Migration;

/// <summary>
/// Migration mode end to end: an app on ASP.NET Core's built-in session writes sessions, "restarts" on CookieState in
/// migration mode over the same distributed cache and persisted key ring, and the same browser keeps its session.
/// </summary>
public sealed class BuiltInSessionMigrationTests
{
    private const string OldCookie = ".AspNetCore.Session";

    [Fact]
    public async Task A_built_in_session_survives_the_switch_to_CookieState()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH", "/count");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        var oldCookieValue = before.Jar[OldCookie]!;

        // The first request after the switch imports the session even though its endpoint never touches it.
        using var first = await after.GetAsync("/none", before.Jar);
        var setCookies = SetCookies(first);
        Assert.Contains(setCookies, h => h.StartsWith(".CookieState=", StringComparison.Ordinal));
        Assert.Contains(setCookies, h => h.StartsWith(OldCookie + "=;", StringComparison.Ordinal)
            && h.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        Assert.Contains("no-store", first.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Null(before.Jar[OldCookie]);
        Assert.False(before.Cache.Contains(before.SessionKey));

        // From now on the session lives in its cookies: the cache is not asked again.
        var calls = before.Cache.Calls;
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
        Assert.Equal("2", await after.GetStringAsync("/count", before.Jar));
        Assert.Equal(before.SessionId, await after.GetStringAsync("/id", before.Jar));
        Assert.Equal(calls, before.Cache.Calls);

        Assert.Equal(["Imported"], Outcomes(metrics));
        var migrated = Assert.Single(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionMigrated);
        Assert.Equal(
            ("SessionMigrated", LogLevel.Information, CookieStateDiagnostics.MigrationLogCategory),
            (migrated.EventId.Name, migrated.Level, migrated.Category));
        Assert.Contains(before.SessionId, migrated.Message, StringComparison.Ordinal);
        Assert.Contains("2 key(s)", migrated.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Logs.Entries, e => e.Message.Contains(before.SessionKey, StringComparison.OrdinalIgnoreCase)
            || e.Message.Contains(oldCookieValue, StringComparison.Ordinal) || e.Message.Contains("JohnH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replayed_old_cookie_imports_nothing()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        var stolen = before.Jar.Clone();
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));

        using var replay = await after.GetAsync("/get/name", stolen);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("(null)", await replay.Content.ReadAsStringAsync());
        var setCookies = SetCookies(replay);
        Assert.DoesNotContain(setCookies, h => h.StartsWith(".CookieState=", StringComparison.Ordinal));
        Assert.Null(stolen[OldCookie]);
        Assert.Equal(["Imported", "Empty"], Outcomes(metrics));
        Assert.Contains(
            after.Logs.Entries, e => e.EventId is { Id: CookieStateEventIds.MigrationSessionNotFound, Name: "MigrationSessionNotFound" });

        // The migrated browser is unaffected.
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
    }

    [Fact]
    public async Task With_RemoveImportedSessions_off_the_entry_stays_and_a_copy_imports_again()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before, o => o.RemoveImportedSessions = false);
        using var metrics = Metrics(after);
        var copy = before.Jar.Clone();

        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
        Assert.True(before.Cache.Contains(before.SessionKey));
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", copy));

        Assert.Equal(["Imported", "Imported"], Outcomes(metrics));
        Assert.Contains(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.SessionMigrated
            && e.Message.Contains("RemoveImportedSessions is off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_migration_mode_the_old_cookie_is_ignored_and_the_cache_is_never_touched()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before, migrate: false);
        var calls = before.Cache.Calls;

        using var response = await after.GetAsync("/get/name", before.Jar);

        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SetCookies(response), h => h.StartsWith(OldCookie, StringComparison.Ordinal));
        Assert.NotNull(before.Jar[OldCookie]);
        Assert.Equal("ok", await after.GetStringAsync("/set/x/1", before.Jar));
        Assert.Equal("1", await after.GetStringAsync("/get/x", before.Jar));
        Assert.Equal(calls, before.Cache.Calls);
        Assert.True(before.Cache.Contains(before.SessionKey));

        // Nothing of migration exists: no protector for the old cookie, no store, no logs.
        Assert.Null(after.Services.GetService<SessionMigrator>());
        Assert.Null(after.Services.GetService<BuiltInSessionCookie>());
        Assert.DoesNotContain(after.Logs.Entries, e => e.Category == CookieStateDiagnostics.MigrationLogCategory);
    }

    [Fact]
    public async Task Requests_without_the_old_cookie_or_with_a_CookieState_cookie_do_not_touch_the_cache()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        var calls = before.Cache.Calls;
        var fresh = new CookieJar();
        Assert.Equal("ok", await after.GetStringAsync("/set/x/1", fresh));

        // A client that has moved over already keeps its CookieState session, even if it still sends the old cookie.
        fresh[OldCookie] = before.Jar[OldCookie];
        Assert.Equal("(null)", await after.GetStringAsync("/get/name", fresh));
        Assert.Equal("1", await after.GetStringAsync("/get/x", fresh));

        Assert.Equal(calls, before.Cache.Calls);
        Assert.Empty(Outcomes(metrics));
    }

    [Fact]
    public async Task A_session_larger_than_the_cookie_budget_is_reported_and_kept_in_the_cache_not_truncated()
    {
        var before = await BuiltInSessionAsync("/set/small/1", "/fill/10");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        var stolen = before.Jar.Clone();

        using var response = await after.GetAsync("/get/small", before.Jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SetCookies(response), h => h.StartsWith(".CookieState=", StringComparison.Ordinal));
        Assert.Null(before.Jar[OldCookie]);
        Assert.True(before.Cache.Contains(before.SessionKey));
        Assert.Equal(["Oversized"], Outcomes(metrics));
        var report = Assert.Single(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.MigrationSessionTooLarge);
        Assert.Equal(LogLevel.Warning, report.Level);
        Assert.Contains(before.SessionId, report.Message, StringComparison.Ordinal);
        Assert.Contains("'blob' (10240 bytes)", report.Message, StringComparison.Ordinal);
        Assert.Contains("CookieSize", report.Message, StringComparison.Ordinal);

        // A copy of the old cookie replayed is refused from memory: no cache read, no second log line, still counted.
        var calls = before.Cache.Calls;
        for (var i = 0; i < 3; i++)
        {
            using var replay = await after.GetAsync("/get/small", stolen.Clone());
            Assert.Equal("(null)", await replay.Content.ReadAsStringAsync());
        }

        Assert.Equal(calls, before.Cache.Calls);
        Assert.Single(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.MigrationSessionTooLarge);
        Assert.Equal(["Oversized", "Oversized", "Oversized", "Oversized"], Outcomes(metrics));

        // The user goes on with a new session.
        Assert.Equal("ok", await after.GetStringAsync("/set/small/2", before.Jar));
        Assert.Equal("2", await after.GetStringAsync("/get/small", before.Jar));
    }

    [Fact]
    public async Task A_key_longer_than_MaxKeyLength_is_not_imported()
    {
        var before = await BuiltInSessionAsync("/set/a-long-key/1");
        await using var after = await StartCookieStateAsync(before, configure: o => o.MaxKeyLength = 8);
        using var metrics = Metrics(after);

        Assert.Equal("(null)", await after.GetStringAsync("/get/a-long-key", before.Jar));

        Assert.Equal(["Oversized"], Outcomes(metrics));
        Assert.Contains(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.MigrationSessionTooLarge
            && e.Message.Contains("MaxKeyLength", StringComparison.Ordinal)
            && e.Message.Contains("'a-long-key'", StringComparison.Ordinal));
        Assert.True(before.Cache.Contains(before.SessionKey));
    }

    [Fact]
    public async Task A_tampered_or_malformed_old_cookie_imports_nothing_and_never_fails_the_request()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        var genuine = before.Jar[OldCookie]!;
        var middle = genuine.Length / 2;
        string[] values =
        [
            genuine[..middle] + (genuine[middle] == 'A' ? 'B' : 'A') + genuine[(middle + 1)..],
            genuine[..^4],
            "%%%not-base64",
            "A",
            new string('A', 5000),
        ];

        foreach (var value in values)
        {
            var jar = new CookieJar { [OldCookie] = value };
            using var response = await after.GetAsync("/get/name", jar);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain(SetCookies(response), h => h.StartsWith(OldCookie, StringComparison.Ordinal));
        }

        // Every one is counted; the log has one line per problem per minute ("not unprotected", "malformed"), no stack trace.
        Assert.Equal(Enumerable.Repeat("Rejected", values.Length), Outcomes(metrics));
        var lines = after.Logs.Entries.Where(e => e.EventId.Id == CookieStateEventIds.MigrationCookieRejected && e.Level == LogLevel.Warning).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.All(lines, e => Assert.Null(e.Exception));
        Assert.True(before.Cache.Contains(before.SessionKey));

        // The genuine cookie still imports.
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
    }

    [Fact]
    public async Task A_cookie_protected_under_another_application_name_is_rejected_and_left_in_place()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before, applicationName: "another-app");
        using var metrics = Metrics(after);

        Assert.Equal("(null)", await after.GetStringAsync("/get/name", before.Jar));

        Assert.Equal(["Rejected"], Outcomes(metrics));
        Assert.NotNull(before.Jar[OldCookie]);
        Assert.True(before.Cache.Contains(before.SessionKey));
    }

    [Fact]
    public async Task A_failing_cache_imports_nothing_and_the_next_request_tries_again()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before);
        using var metrics = Metrics(after);
        before.Cache.Failing = CacheCalls.Reads;

        using var response = await after.GetAsync("/get/name", before.Jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.Empty(SetCookies(response));
        Assert.NotNull(before.Jar[OldCookie]);
        var failure = Assert.Single(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.MigrationStoreFailed);
        Assert.Equal(LogLevel.Error, failure.Level);

        before.Cache.Failing = CacheCalls.None;
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
        Assert.Equal(["Failed", "Imported"], Outcomes(metrics));
    }

    [Fact]
    public async Task A_renamed_built_in_cookie_is_found_under_its_configured_name()
    {
        var before = await BuiltInSessionNamedAsync(".Shop.Session", "/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before, o => o.Cookie.Name = ".Shop.Session");

        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));

        Assert.Null(before.Jar[".Shop.Session"]);
        Assert.False(before.Cache.Contains(before.SessionKey));
    }

    [Fact]
    public async Task Migration_works_beside_revocation_over_the_same_cache()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(before, services: s => s.AddCookieStateRevocation());
        var copy = before.Jar.Clone();

        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
        var stolenCookieState = before.Jar.Clone();
        Assert.Equal("ok", await after.GetStringAsync("/abandon", before.Jar));

        // The abandoned, migrated session is revoked under the id it kept; the old cookie cannot bring it back.
        Assert.Equal("(null)", await after.GetStringAsync("/get/name", stolenCookieState));
        Assert.Equal("(null)", await after.GetStringAsync("/get/name", copy));
    }

    [Fact]
    public async Task Migration_options_that_cannot_work_fail_at_startup()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var cache = new FakeDistributedCache();

        var sameName = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(
            keyDirectory: keys,
            services: s => s.AddSingleton<IDistributedCache>(cache).AddCookieStateMigration(o => o.Cookie.Name = ".CookieState")));
        Assert.Contains("also a CookieState cookie name", sameName.Message, StringComparison.Ordinal);

        var noTimeout = await Assert.ThrowsAsync<OptionsValidationException>(() => SessionTestHost.StartAsync(
            keyDirectory: keys,
            services: s => s.AddSingleton<IDistributedCache>(cache).AddCookieStateMigration(o => o.Timeout = TimeSpan.Zero)));
        Assert.Contains("Timeout must be positive", noTimeout.Message, StringComparison.Ordinal);

        var noCache = await Assert.ThrowsAsync<InvalidOperationException>(() => SessionTestHost.StartAsync(
            keyDirectory: keys, services: s => s.AddCookieStateMigration()));
        Assert.Contains("IDistributedCache", noCache.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_process_local_memory_cache_is_reported_at_startup()
    {
        await using var host = await SessionTestHost.StartAsync(services: s => s.AddDistributedMemoryCache().AddCookieStateMigration());

        var warning = Assert.Single(host.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.MigrationCacheNotShared);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("MemoryDistributedCache", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_RemoveImportedSessions_off_a_replayed_old_cookie_is_refused_once_the_imported_session_is_abandoned()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(
            before, o => o.RemoveImportedSessions = false, services: s => s.AddCookieStateRevocation());
        using var metrics = Metrics(after);
        var copy = before.Jar.Clone();
        Assert.Equal("JohnH", await after.GetStringAsync("/get/name", before.Jar));
        Assert.True(before.Cache.Contains(before.SessionKey));

        Assert.Equal("ok", await after.GetStringAsync("/abandon", before.Jar));
        using var replay = await after.GetAsync("/get/name", copy);

        Assert.Equal("(null)", await replay.Content.ReadAsStringAsync());
        Assert.DoesNotContain(SetCookies(replay), h => h.StartsWith(".CookieState=", StringComparison.Ordinal) && !h.StartsWith(".CookieState=;", StringComparison.Ordinal));
        Assert.Null(copy[OldCookie]);
        Assert.Equal(["Imported", "Revoked"], Outcomes(metrics));

        // Refused for good: the entry is gone, so the revocation expiring later cannot bring the session back.
        Assert.False(before.Cache.Contains(before.SessionKey));
        Assert.Contains(after.Logs.Entries, e => e.EventId.Name == "MigrationSessionRefused");
    }

    [Fact]
    public async Task A_re_import_keeps_the_first_imports_creation_time_and_ends_at_its_absolute_timeout()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(
            before,
            o => o.RemoveImportedSessions = false,
            endpoints: e => e.MapGet("/created", (HttpContext c) =>
                c.Features.Get<ICookieStateFeature>()!.Inspect().CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
        using var metrics = Metrics(after);
        var firstCopy = before.Jar.Clone();
        var lateCopy = before.Jar.Clone();
        var firstImport = await after.GetStringAsync("/created", before.Jar);

        after.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(firstImport, await after.GetStringAsync("/created", firstCopy));

        after.Clock.Advance(TimeSpan.FromHours(11) + TimeSpan.FromMinutes(1));
        using var late = await after.GetAsync("/get/name", lateCopy);

        Assert.Equal("(null)", await late.Content.ReadAsStringAsync());
        Assert.Equal(["Imported", "Imported", "Expired"], Outcomes(metrics));
        Assert.False(before.Cache.Contains(before.SessionKey));
    }

    [Fact]
    public async Task With_the_revocation_store_down_and_failing_closed_nothing_is_imported_and_the_old_cookie_is_kept()
    {
        var before = await BuiltInSessionAsync("/set/name/JohnH");
        await using var after = await StartCookieStateAsync(
            before, services: s => s.AddSingleton<ICookieStateRevocation>(new UnreachableRevocation()));
        using var metrics = Metrics(after);

        using var response = await after.GetAsync("/get/name", before.Jar);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("(null)", await response.Content.ReadAsStringAsync());
        Assert.NotNull(before.Jar[OldCookie]);
        Assert.True(before.Cache.Contains(before.SessionKey));
        Assert.Equal(["Failed"], Outcomes(metrics));
        Assert.Contains(after.Logs.Entries, e => e.EventId.Id == CookieStateEventIds.RevocationStoreFailed);
    }

    private sealed class UnreachableRevocation : ICookieStateRevocation
    {
        public Task RevokeAsync(string lineageId, CancellationToken cancellationToken = default) => throw Down();

        public Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> IsRevokedAsync(string lineageId, CancellationToken cancellationToken = default) => throw Down();

        public Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default) => throw Down();

        private static InvalidOperationException Down() => new("The revocation store is unreachable (test fault).");
    }

    /// <summary>Runs the app on the built-in session over a new cache and key ring, visits <paramref name="paths"/>, stops it.</summary>
    private static Task<Before> BuiltInSessionAsync(params string[] paths) => BuiltInSessionNamedAsync(null, paths);

    private static async Task<Before> BuiltInSessionNamedAsync(string? cookieName, params string[] paths)
    {
        var cache = new FakeDistributedCache();
        var keys = Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        var jar = new CookieJar();
        await using var host = await BuiltInSessionHost.StartAsync(cache, keys, cookieName: cookieName);
        foreach (var path in paths)
        {
            await host.GetStringAsync(path, jar);
        }

        var sessionId = await host.GetStringAsync("/id", jar);
        Assert.NotNull(jar[cookieName ?? OldCookie]);
        return new Before(cache, keys, jar, sessionId, Assert.Single(cache.WrittenKeys));
    }

    private static Task<SessionTestHost> StartCookieStateAsync(
        Before before,
        Action<CookieStateMigrationOptions>? migration = null,
        bool migrate = true,
        Action<CookieStateOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        string applicationName = "cookiestate-tests",
        Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? endpoints = null) =>
        SessionTestHost.StartAsync(
            configure,
            endpoints: endpoints,
            services: s =>
            {
                s.AddSingleton<IDistributedCache>(before.Cache);
                if (migrate)
                {
                    s.AddCookieStateMigration(migration ?? (_ => { }));
                }

                services?.Invoke(s);
            },
            keyDirectory: before.KeyDirectory,
            applicationName: applicationName);

    private static MeasurementRecorder Metrics(SessionTestHost host) => new(host.Services.GetRequiredService<IMeterFactory>());

    private static IReadOnlyList<string?> Outcomes(MeasurementRecorder metrics) => metrics.Values("cookiestate.migration.sessions", "outcome");

    private static string[] SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToArray() : [];

    /// <summary>What the app on the built-in session left behind: the cache, the key ring, the browser, and its session.</summary>
    private sealed record Before(FakeDistributedCache Cache, string KeyDirectory, CookieJar Jar, string SessionId, string SessionKey);
}
