using System.Text;
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
