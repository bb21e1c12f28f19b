using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CookieState.Sample.Controllers;

/// <summary>
/// Partitions at work: the page fires one <c>fetch</c> per partition at once, each adding an item to its own partition,
/// while others only read. Configure <c>CookieState:Partitions</c> (the Development settings name <c>box0</c> …
/// <c>box7</c>) and every addition survives; without partitions the responses overwrite each other.
/// </summary>
public sealed class ParallelController : Controller
{
    private readonly IOptions<CookieStateOptions>? _options;

    /// <summary>Creates the controller.</summary>
    /// <param name="serviceProvider">Where CookieState's options come from; absent under the stock session.</param>
    public ParallelController(IServiceProvider serviceProvider)
    {
        _options = serviceProvider.GetService(typeof(IOptions<CookieStateOptions>)) as IOptions<CookieStateOptions>;
    }

    private IList<string> Partitions => _options?.Value.Partitions ?? [];

    /// <summary>The page.</summary>
    /// <returns>The page, listing the configured partitions.</returns>
    [HttpGet]
    public IActionResult Index() => View(Partitions.ToArray());

    /// <summary>Adds one item to partition <paramref name="partition"/>; the key is <c>{partition}:items</c>.</summary>
    /// <param name="partition">A configured partition.</param>
    /// <returns>The partition's new item count as plain text.</returns>
    [HttpPost("/api/parallel/{partition}")]
    public IActionResult Add(string partition)
    {
        if (!Partitions.Contains(partition))
        {
            return NotFound();
        }

        var key = partition + ":items";
        var count = (HttpContext.Session.GetInt32(key) ?? 0) + 1;
        HttpContext.Session.SetInt32(key, count);
        return Content(count.ToString(CultureInfo.InvariantCulture), "text/plain; charset=utf-8");
    }

    /// <summary>Every partition's item count, read only.</summary>
    /// <returns>A JSON object from partition name to count.</returns>
    [HttpGet("/api/parallel")]
    public IActionResult Counts() =>
        Json(Partitions.ToDictionary(p => p, p => HttpContext.Session.GetInt32(p + ":items") ?? 0));
}
