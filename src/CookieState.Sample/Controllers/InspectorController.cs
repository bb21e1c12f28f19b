using System.Text;
using CookieState.Sample.Infrastructure;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>Shows what the session holds and what it costs in cookies, using <see cref="ICookieStateFeature.Inspect"/>.</summary>
public sealed class InspectorController : Controller
{
    private const int PreviewLimit = 80;

    /// <summary>The inspector page.</summary>
    /// <returns>The page.</returns>
    [HttpGet]
    public IActionResult Index()
    {
        var session = HttpContext.Session;
        var entries = session.Keys
            .Order(StringComparer.Ordinal)
            .Select(key => session.TryGetValue(key, out var value) ? new SessionEntry(key, value.Length, Preview(value)) : null)
            .OfType<SessionEntry>()
            .ToArray();

        // Absent under the stock session. Inspect() seals the state once to measure it: fine here, not on every request.
        var info = HttpContext.Features.Get<ICookieStateFeature>()?.Inspect();
        return View(new InspectorViewModel(session.Id, entries, info));
    }

    /// <summary>
    /// Gives this session its own idle timeout, as classic ASP's <c>Session.Timeout</c>: 5 minutes on a kiosk, an hour
    /// while someone fills in a long form. Sealed into the cookie, so every node of the farm enforces it.
    /// </summary>
    /// <param name="minutes">The idle timeout in minutes.</param>
    /// <returns>Back to the inspector.</returns>
    [HttpPost]
    public IActionResult IdleTimeout(int minutes)
    {
        if (HttpContext.Features.Get<ICookieStateFeature>() is null)
        {
            return BadRequest("Only the CookieState session has a per-session timeout.");
        }

        try
        {
            HttpContext.Session.SetIdleTimeout(TimeSpan.FromMinutes(minutes));
            Flash.Set(HttpContext.Session, $"This session now expires after {minutes} idle minutes.");
        }
        catch (ArgumentOutOfRangeException ex)
        {
            Flash.Set(HttpContext.Session, ex.Message.Split(Environment.NewLine)[0]);
        }

        return RedirectToAction(nameof(Index));
    }

    private static string? Preview(byte[] value)
    {
        if (value.Length > PreviewLimit)
        {
            return null;
        }

        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value);
            return text.Any(char.IsControl) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
