using System.Diagnostics;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>The welcome page and the friendly error pages.</summary>
public sealed class HomeController : Controller
{
    /// <summary>The welcome page: what the sample shows and where to start.</summary>
    /// <returns>The page.</returns>
    [HttpGet]
    public IActionResult Index() => View();

    /// <summary>The page <c>UseExceptionHandler</c> shows for an unhandled exception: no stack trace, just an apology and a request id.</summary>
    /// <returns>The page, with status 500.</returns>
    [IgnoreAntiforgeryToken] // Re-executed with the failed request's method, which may be a POST.
    [ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
    public IActionResult Error()
    {
        Response.StatusCode = StatusCodes.Status500InternalServerError;
        return View("Error", new ErrorViewModel(
            StatusCodes.Status500InternalServerError,
            "Something went wrong",
            "The page failed on our side. Your session is safe; try again, or go back to the shop.",
            RequestId()));
    }

    /// <summary>The page <c>UseStatusCodePagesWithReExecute</c> shows for an empty error response such as 404 or 400.</summary>
    /// <param name="id">The status code.</param>
    /// <returns>The page, keeping the status code.</returns>
    [IgnoreAntiforgeryToken] // A rejected antiforgery token lands here as a POST; validating again would blank the page.
    public IActionResult Status(int id)
    {
        var (title, explanation) = id switch
        {
            StatusCodes.Status404NotFound => ("Page not found", "There is nothing at this address. The menu above lists every page of the sample."),
            StatusCodes.Status400BadRequest => (
                "That form could not be accepted",
                "The form was not sent from this site, or it was open for too long. Go back, reload the page, and send it again."),
            StatusCodes.Status503ServiceUnavailable => (
                "Your session is briefly unavailable",
                "The site could not check your session just now. Nothing was lost: try again in a moment."),
            _ => ("Something went wrong", "The request could not be completed."),
        };
        Response.StatusCode = id is >= 400 and <= 599 ? id : StatusCodes.Status500InternalServerError;
        return View("Error", new ErrorViewModel(Response.StatusCode, title, explanation, RequestId()));
    }

    private string RequestId() => Activity.Current?.Id ?? HttpContext.TraceIdentifier;
}
