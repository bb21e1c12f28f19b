using System.Globalization;
using CookieState.Sample.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>
/// A plain-text counter for load and farm tests: the smallest possible session round trip. The <c>X-Node</c> header
/// of each response tells which node answered. While the session is unavailable (the revocation store is down and fails
/// closed) both endpoints answer 503 with <c>Retry-After</c>: a client must not mistake an empty session for a lost one.
/// </summary>
[Route("api/counter")]
public sealed class CounterController : ControllerBase
{
    /// <summary>Adds one to the session's counter.</summary>
    /// <returns>The new value as plain text, or 503 while the session is unavailable.</returns>
    [HttpGet("")]
    public IActionResult Increment()
    {
        if (!HttpContext.Session.IsAvailable)
        {
            return Unavailable();
        }

        var value = (HttpContext.Session.GetInt32(SessionKeys.Counter) ?? 0) + 1;
        HttpContext.Session.SetInt32(SessionKeys.Counter, value);
        return Text(value);
    }

    /// <summary>Reads the counter without changing it.</summary>
    /// <returns>The value as plain text, 0 when it was never set, or 503 while the session is unavailable.</returns>
    [HttpGet("value")]
    public IActionResult Value() =>
        HttpContext.Session.IsAvailable ? Text(HttpContext.Session.GetInt32(SessionKeys.Counter) ?? 0) : Unavailable();

    private ContentResult Unavailable()
    {
        SessionUnavailableFilter.AddRetryAfter(Response);
        return new ContentResult
        {
            StatusCode = StatusCodes.Status503ServiceUnavailable,
            Content = "session unavailable",
            ContentType = "text/plain; charset=utf-8",
        };
    }

    private ContentResult Text(int value) => Content(value.ToString(CultureInfo.InvariantCulture), "text/plain; charset=utf-8");
}
