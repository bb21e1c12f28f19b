using System.Globalization;
using System.Security.Cryptography;

namespace CookieState.BenchServer;

/// <summary>
/// The three requests the load client makes, written as an app would write them against <see cref="ISession"/>: the
/// same code runs over every store. Each awaits <see cref="ISession.LoadAsync"/> first, as ASP.NET Core recommends, so
/// that a remote store is read without blocking a thread. Bodies are tiny texts the client checks, so a lost or stale
/// session is counted as an error instead of passing as a fast response.
/// </summary>
internal static class SessionEndpoints
{
    /// <summary>The largest state a setup request may ask for: a bound, not a budget (the store's own limits apply).</summary>
    public const int MaxStateBytes = 64 * 1024;

    private const string DataKey = "data";
    private const string CounterKey = "n";

    public static void MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Creates the caller's session: `bytes` of random data (incompressible, as sealed state would be) and a counter at 0.
        endpoints.MapPost("/session", async (HttpContext context, int bytes) =>
        {
            if (bytes is < 0 or > MaxStateBytes)
            {
                return Results.BadRequest();
            }

            var session = context.Session;
            await session.LoadAsync(context.RequestAborted);
            session.Set(DataKey, RandomNumberGenerator.GetBytes(bytes));
            session.SetInt32(CounterKey, 0);
            return Results.Text("0");
        });

        // Write: reads the counter, increments it and stores it; the reply is the new value.
        endpoints.MapPost("/session/counter", async (HttpContext context) =>
        {
            var session = context.Session;
            await session.LoadAsync(context.RequestAborted);
            var value = (session.GetInt32(CounterKey) ?? 0) + 1;
            session.SetInt32(CounterKey, value);
            return Results.Text(value.ToString(CultureInfo.InvariantCulture));
        });

        // Read only: the counter and the length of the data, "{counter} {bytes}"; changes nothing.
        endpoints.MapGet("/session/counter", async (HttpContext context) =>
        {
            var session = context.Session;
            await session.LoadAsync(context.RequestAborted);
            var length = session.TryGetValue(DataKey, out var data) ? data.Length : -1;
            var value = session.GetInt32(CounterKey) ?? -1;
            return Results.Text(string.Create(CultureInfo.InvariantCulture, $"{value} {length}"));
        });

        // Readiness, never touches the session.
        endpoints.MapGet("/ping", () => Results.Text("ok"));
    }
}
