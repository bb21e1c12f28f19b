using System.Globalization;
using System.Security.Cryptography;
using CookieState.Sample.Infrastructure;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>
/// Grows the session with random (incompressible) data so that chunking shows on the inspector, and shows what happens
/// at the edge of the cookie budget.
/// </summary>
public sealed class BigStateController : Controller
{
    /// <summary>The largest blob one form post may add, in kilobytes.</summary>
    public const int MaxKilobytes = 16;

    /// <summary>The blobs added so far and the cookies they take.</summary>
    /// <returns>The page.</returns>
    [HttpGet]
    public IActionResult Index() => View(Load());

    /// <summary>Adds a blob of random bytes to the session.</summary>
    /// <param name="kilobytes">Its size, 1 to <see cref="MaxKilobytes"/>.</param>
    /// <returns>A redirect back, or the friendly page when the state would no longer fit.</returns>
    [HttpPost]
    public IActionResult Add(int kilobytes)
    {
        if (!ModelState.IsValid || kilobytes is < 1 or > MaxKilobytes)
        {
            Flash.Set(HttpContext.Session, $"Please choose between 1 and {MaxKilobytes} KB.");
            return RedirectToAction(nameof(Index));
        }

        var key = NextKey();
        try
        {
            // The message first, so that the size check of the blob counts it too.
            Flash.Set(HttpContext.Session, $"Added {kilobytes} KB of random data as '{key}'.");
            HttpContext.Session.Set(key, RandomNumberGenerator.GetBytes(kilobytes * 1024));
        }
        catch (CookieStateOverflowException ex)
        {
            // Set() refuses at once, and changes nothing, when the state would not fit the cookie budget:
            // the place to tell the user, rather than a failure later when the response starts.
            HttpContext.Session.Remove(SessionKeys.Flash);
            Response.StatusCode = StatusCodes.Status413RequestEntityTooLarge;
            return View(SessionFullFilter.ViewName, new OverflowViewModel(kilobytes, ex.TotalSize, ex.Limit, ex.LargestKeys, ex.Message));
        }

        return RedirectToAction(nameof(Index));
    }

    /// <summary>Removes every blob.</summary>
    /// <returns>A redirect back.</returns>
    [HttpPost]
    public IActionResult Clear()
    {
        foreach (var key in BlobKeys().ToArray())
        {
            HttpContext.Session.Remove(key);
        }

        Flash.Set(HttpContext.Session, "Removed the random data.");
        return RedirectToAction(nameof(Index));
    }

    private BigStateViewModel Load()
    {
        var blobs = BlobKeys()
            .Order(StringComparer.Ordinal)
            .Select(key => new SessionEntry(key, HttpContext.Session.TryGetValue(key, out var v) ? v.Length : 0, null))
            .ToArray();
        return new BigStateViewModel(blobs, HttpContext.Features.Get<ICookieStateFeature>()?.Inspect());
    }

    private IEnumerable<string> BlobKeys() =>
        HttpContext.Session.Keys.Where(k => k.StartsWith(SessionKeys.BigStatePrefix, StringComparison.Ordinal));

    private string NextKey()
    {
        var next = 1;
        while (HttpContext.Session.Keys.Contains(Key(next)))
        {
            next++;
        }

        return Key(next);

        static string Key(int n) => SessionKeys.BigStatePrefix + n.ToString("00", CultureInfo.InvariantCulture);
    }
}
