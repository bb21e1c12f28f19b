using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CookieState.Tests.Infrastructure;

/// <summary>Endpoints that exercise the session through the standard ISession API only.</summary>
public static class SessionEndpoints
{
    public static void Map(IEndpointRouteBuilder e)
    {
        e.MapGet("/none", () => "untouched");
        e.MapGet("/get/{key}", (HttpContext c, string key) => c.Session.GetString(key) ?? "(null)");
        e.MapGet("/set/{key}/{value}", (HttpContext c, string key, string value) =>
        {
            c.Session.SetString(key, value);
            return "ok";
        });
        e.MapGet("/remove/{key}", (HttpContext c, string key) =>
        {
            c.Session.Remove(key);
            return "ok";
        });
        e.MapGet("/clear", (HttpContext c) =>
        {
            c.Session.Clear();
            return "ok";
        });
        e.MapGet("/id", (HttpContext c) => c.Session.Id);
        e.MapGet("/keys", (HttpContext c) => string.Join(",", c.Session.Keys.Order(StringComparer.Ordinal)));
        e.MapGet("/count", (HttpContext c) =>
        {
            var next = (c.Session.GetInt32("count") ?? 0) + 1;
            c.Session.SetInt32("count", next);
            return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        e.MapGet("/fill/{kilobytes:int}", (HttpContext c, int kilobytes) =>
        {
            // Random bytes do not compress, so the cookie size follows the state size.
            c.Session.Set("blob", System.Security.Cryptography.RandomNumberGenerator.GetBytes(kilobytes * 1024));
            return "ok";
        });
        e.MapGet("/bloblength", (HttpContext c) => c.Session.TryGetValue("blob", out var b) ? b.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) : "0");
        e.MapGet("/regenerate", (HttpContext c) =>
        {
            c.Session.RegenerateId();
            return c.Session.Id;
        });
        e.MapGet("/abandon", (HttpContext c) =>
        {
            c.Session.Abandon();
            return "ok";
        });
        e.MapGet("/late-set", async (HttpContext c) =>
        {
            await c.Response.WriteAsync("body first;");
            await c.Response.Body.FlushAsync();
            try
            {
                c.Session.SetString("late", "value");
                await c.Response.WriteAsync("set");
            }
            catch (InvalidOperationException ex)
            {
                await c.Response.WriteAsync("threw:" + ex.Message);
            }
        });
        e.MapGet("/commit-then-write", async (HttpContext c) =>
        {
            c.Session.SetString("early", "yes");
            await c.Session.CommitAsync();
            await c.Response.WriteAsync("committed");
        });
        e.MapGet("/bytes/{key}", (HttpContext c, string key) =>
            c.Session.TryGetValue(key, out var value) ? Convert.ToHexString(value) : "(null)");
        e.MapGet("/utf8", (HttpContext c) => Encoding.UTF8.GetByteCount(c.Session.GetString("k") ?? string.Empty).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
