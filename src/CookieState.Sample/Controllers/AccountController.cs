using CookieState.Sample.Infrastructure;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CookieState.Sample.Controllers;

/// <summary>
/// A name-only sign-in kept in the session. It shows the session calls that matter at sign-in and sign-out:
/// <c>Session.RegenerateId()</c>, <c>Session.SetPersistent()</c> for "keep me signed in", and <c>Session.Abandon()</c>.
/// </summary>
public sealed class AccountController : Controller
{
    // How long a "keep me signed in" session lives unused; held to CookieState:MaxPersistentLifetime.
    private static readonly TimeSpan RememberMeLifetime = TimeSpan.FromDays(14);

    /// <summary>The sign-in form.</summary>
    /// <param name="returnUrl">A local URL to return to afterwards.</param>
    /// <returns>The form.</returns>
    [HttpGet]
    public IActionResult SignIn(string? returnUrl) => View(new SignInForm { ReturnUrl = returnUrl });

    /// <summary>Signs in under the given name, keeping the cart and everything else in the session.</summary>
    /// <param name="form">The name and where to return.</param>
    /// <returns>A redirect, or the form again with its errors.</returns>
    [HttpPost]
    public IActionResult SignIn(SignInForm form)
    {
        if (!ModelState.IsValid)
        {
            return View(form);
        }

        if (HttpContext.Features.Get<ICookieStateFeature>() is not null)
        {
            // Session fixation: whoever planted or saw the id before sign-in must not ride along after it.
            // The data (the cart) stays; only the id changes. The stock ASP.NET Core session has no such call.
            // "Keep me signed in" does the same (SetPersistent regenerates the id) and gives the cookies an expiry.
            if (form.RememberMe && HttpContext.RequestServices.GetService<IOptions<CookieStateOptions>>()?.Value.MaxPersistentLifetime is { } maximum)
            {
                HttpContext.Session.SetPersistent(RememberMeLifetime < maximum ? RememberMeLifetime : maximum);
            }
            else
            {
                HttpContext.Session.RegenerateId();
            }
        }

        var name = form.Name!.Trim();
        if (HttpContext.Features.Get<ICookieStateFeature>() is not null)
        {
            // Binding the session to the user is what lets "sign out everywhere" find this session later.
            HttpContext.Session.BindUser(name);
        }

        HttpContext.Session.SetString(SessionKeys.UserName, name);
        Flash.Set(HttpContext.Session, $"Welcome, {name}. Your session has a new id; your cart came along.");
        return Url.IsLocalUrl(form.ReturnUrl) ? LocalRedirect(form.ReturnUrl) : RedirectToAction(nameof(ShopController.Index), "Shop");
    }

    /// <summary>Signs out by ending the whole session.</summary>
    /// <returns>A redirect to the signed-out page.</returns>
    [HttpPost]
    public new IActionResult SignOut()
    {
        if (HttpContext.Features.Get<ICookieStateFeature>() is not null)
        {
            // Data gone, cookies expired with this response, and the next use of the session starts a new id.
            HttpContext.Session.Abandon();
        }
        else
        {
            HttpContext.Session.Clear();
        }

        return RedirectToAction(nameof(SignedOut));
    }

    /// <summary>
    /// Signs the user out of every session bound to the name, on every browser, then out of this one. Needs revocation
    /// (<c>AddCookieStateRevocation</c>): without it a copy of a session cookie stays valid until it expires.
    /// </summary>
    /// <param name="revocation">The revocation service, when the site registered one.</param>
    /// <returns>A redirect to the signed-out page.</returns>
    [HttpPost]
    public async Task<IActionResult> SignOutEverywhere([FromServices] IEnumerable<ICookieStateRevocation> revocation)
    {
        if (HttpContext.Session.GetString(SessionKeys.UserName) is { } name && revocation.FirstOrDefault() is { } service)
        {
            await service.RevokeUserAsync(name, HttpContext.RequestAborted);
        }

        return SignOut();
    }

    /// <summary>Confirms the sign-out. Writes nothing to the session, so the browser is left with no session cookie.</summary>
    /// <returns>The page.</returns>
    [HttpGet]
    public IActionResult SignedOut() => View();
}
