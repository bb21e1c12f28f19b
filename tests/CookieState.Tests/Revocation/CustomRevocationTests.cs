using System.Collections.Concurrent;
using CookieState.Tests.Infrastructure;
using CookieState.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Tests.Revocation;

/// <summary><see cref="ICookieStateRevocation"/> is a real seam: an app's own store is called for every check and record.</summary>
public sealed class CustomRevocationTests
{
    private sealed class RecordingRevocation : ICookieStateRevocation
    {
        public ConcurrentQueue<string> Calls { get; } = new();

        public ConcurrentDictionary<string, byte> RevokedIds { get; } = new();

        public ConcurrentDictionary<string, DateTimeOffset> RevokedUsers { get; } = new();

        public CancellationToken LastRecordToken { get; private set; }

        public Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue("revoke:" + sessionId);
            LastRecordToken = cancellationToken;
            RevokedIds[sessionId] = 1;
            return Task.CompletedTask;
        }

        public Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue("revoke-user:" + userId);
            RevokedUsers[userId] = DateTimeOffset.MaxValue;
            return Task.CompletedTask;
        }

        public Task<bool> IsRevokedAsync(string sessionId, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue("check:" + sessionId);
            return Task.FromResult(RevokedIds.ContainsKey(sessionId));
        }

        public Task<bool> IsUserRevokedAsync(string userId, DateTimeOffset boundAt, CancellationToken cancellationToken = default)
        {
            Calls.Enqueue("check-user:" + userId);
            return Task.FromResult(RevokedUsers.TryGetValue(userId, out var until) && boundAt <= until);
        }
    }

    [Fact]
    public async Task An_apps_own_revocation_is_asked_about_every_session_and_told_about_every_abandon()
    {
        var revocation = new RecordingRevocation();
        await using var host = await SecurityHost.StartAsync(services: s => s.AddSingleton<ICookieStateRevocation>(revocation));
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/bind/alice", jar);
        var id = await host.Host.GetStringAsync("/id", jar);
        var stolen = jar.Clone();

        await host.Host.GetStringAsync("/abandon", jar);

        Assert.Contains("check:" + id, revocation.Calls);
        Assert.Contains("check-user:alice", revocation.Calls);
        Assert.Contains("revoke:" + id, revocation.Calls);
        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", stolen));
    }

    [Fact]
    public async Task A_user_revoked_in_the_apps_store_is_signed_out_everywhere()
    {
        var revocation = new RecordingRevocation();
        await using var host = await SecurityHost.StartAsync(services: s => s.AddSingleton<ICookieStateRevocation>(revocation));
        var laptop = new CookieJar();
        var phone = new CookieJar();
        await host.Host.GetStringAsync("/bind/alice", laptop);
        await host.Host.GetStringAsync("/bind/alice", phone);

        await revocation.RevokeUserAsync("alice");

        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", laptop));
        Assert.Equal("(anonymous)", await host.Host.GetStringAsync("/whoami", phone));
    }

    [Fact]
    public async Task The_record_after_abandon_does_not_use_the_requests_abort_token()
    {
        var revocation = new RecordingRevocation();
        await using var host = await SecurityHost.StartAsync(
            services: s => s.AddSingleton<ICookieStateRevocation>(revocation),
            endpoints: e => e.MapGet("/abandon-and-disconnect", (HttpContext c) =>
            {
                c.Session.Abandon();
                c.Abort();
                return "gone";
            }));
        var jar = new CookieJar();
        await host.Host.GetStringAsync("/set/a/1", jar);
        var id = await host.Host.GetStringAsync("/id", jar);

        try
        {
            using var _ = await host.Host.GetAsync("/abandon-and-disconnect", jar);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            // The client sees the disconnect; the server must still have recorded the revocation.
        }

        await WaitUntilAsync(() => revocation.Calls.Contains("revoke:" + id));
        Assert.False(revocation.LastRecordToken.IsCancellationRequested);
        Assert.True(revocation.LastRecordToken.CanBeCanceled, "the record runs under its own timeout");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
