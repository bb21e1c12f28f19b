using System.Globalization;
using CookieState.Sample.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>
/// A plain-text counter for load and farm tests: the smallest possible session round trip. The <c>X-Node</c> header
/// of each response tells which node answered.
/// </summary>
[Route("api/counter")]
public sealed class CounterController : ControllerBase
{
    /// <summary>Adds one to the session's counter.</summary>
    /// <returns>The new value as plain text.</returns>
    [HttpGet("")]
    public ContentResult Increment()
    {
        var value = (HttpContext.Session.GetInt32(SessionKeys.Counter) ?? 0) + 1;
        HttpContext.Session.SetInt32(SessionKeys.Counter, value);
        return Text(value);
    }

    /// <summary>Reads the counter without changing it.</summary>
    /// <returns>The value as plain text, 0 when it was never set.</returns>
    [HttpGet("value")]
    public ContentResult Value() => Text(HttpContext.Session.GetInt32(SessionKeys.Counter) ?? 0);

    private ContentResult Text(int value) => Content(value.ToString(CultureInfo.InvariantCulture), "text/plain; charset=utf-8");
}
