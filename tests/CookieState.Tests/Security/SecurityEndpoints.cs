using System.Globalization;
using System.Text;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CookieState.Tests.Security;

/// <summary>Extra endpoints for the security tests: limits reported as text, compressible values, user binding.</summary>
public static class SecurityEndpoints
{
    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/try-key/{length:int}", (HttpContext c, int length) => Try(() => c.Session.SetString(new string('k', length), "v")));
        e.MapGet("/try-keys/{count:int}", (HttpContext c, int count) => Try(() =>
        {
            for (var i = 0; i < count; i++)
            {
                c.Session.SetString("key" + i.ToString(CultureInfo.InvariantCulture), "v");
            }
        }));
        e.MapGet("/try-fill/{kilobytes:int}", (HttpContext c, int kilobytes) =>
            Try(() => c.Session.Set("blob", System.Security.Cryptography.RandomNumberGenerator.GetBytes(kilobytes * 1024))));
        e.MapGet("/try-text/{kilobytes:int}", (HttpContext c, int kilobytes) =>
            Try(() => c.Session.SetString("text", string.Concat(Enumerable.Repeat("All work and no play. ", kilobytes * 1024 / 22 + 1)))));
        e.MapGet("/textlength", (HttpContext c) => (c.Session.GetString("text")?.Length ?? 0).ToString(CultureInfo.InvariantCulture));
        e.MapGet("/bind/{user}", (HttpContext c, string user) =>
        {
            c.Session.RegenerateId();
            c.Session.BindUser(user);
            return c.Session.GetBoundUserId();
        });
        e.MapGet("/whoami", (HttpContext c) => c.Session.GetBoundUserId() ?? "(anonymous)");
        e.MapGet("/count-keys", (HttpContext c) => c.Session.Keys.Count().ToString(CultureInfo.InvariantCulture));
    }

    private static string Try(Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (Exception ex)
        {
            return ex.GetType().Name + ": " + ex.Message;
        }
    }
}
