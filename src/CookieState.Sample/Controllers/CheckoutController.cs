using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using CookieState.Sample.Infrastructure;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>
/// A three-step checkout wizard (address, delivery, review). Each step's answers wait in the session until the order
/// is placed, so the user can go back and forth, and any node of the farm can serve the next step.
/// </summary>
public sealed class CheckoutController : Controller
{
    /// <summary>The value of the submit button that goes one step back.</summary>
    public const string Back = "back";

    /// <summary>Starts the wizard at its first step.</summary>
    /// <returns>A redirect to the address step.</returns>
    [HttpGet]
    public IActionResult Index() => RedirectToAction(nameof(Address));

    /// <summary>Step 1: the delivery address.</summary>
    /// <returns>The form, filled in with earlier answers.</returns>
    [HttpGet]
    public IActionResult Address()
    {
        if (Cart.Load(HttpContext.Session).IsEmpty)
        {
            Flash.Set(HttpContext.Session, "Your cart is empty: add something before checking out.");
            return RedirectToAction(nameof(ShopController.Index), "Shop");
        }

        var address = HttpContext.Session.GetJson(SessionKeys.CheckoutAddress, SampleJsonContext.Default.CheckoutAddress);
        return View(address ?? new CheckoutAddress());
    }

    /// <summary>Saves step 1 and moves on, or back to the shop.</summary>
    /// <param name="address">The answers.</param>
    /// <param name="nav"><see cref="Back"/> to go back; anything else to go on.</param>
    /// <returns>The next page, or the form again with its errors.</returns>
    [HttpPost]
    public IActionResult Address(CheckoutAddress address, string? nav)
    {
        // Only valid answers are kept: with CookieState an unchecked 10 kB field would not even fit the cookie budget.
        if (ModelState.IsValid)
        {
            HttpContext.Session.SetJson(SessionKeys.CheckoutAddress, address, SampleJsonContext.Default.CheckoutAddress);
        }

        if (nav == Back)
        {
            return RedirectToAction(nameof(ShopController.Index), "Shop");
        }

        return ModelState.IsValid ? RedirectToAction(nameof(Delivery)) : View(address);
    }

    /// <summary>Step 2: the delivery method.</summary>
    /// <returns>The form, or a redirect to the first unfinished step.</returns>
    [HttpGet]
    public IActionResult Delivery()
    {
        if (FirstUnfinishedStep(needDelivery: false) is { } redirect)
        {
            return redirect;
        }

        var delivery = HttpContext.Session.GetJson(SessionKeys.CheckoutDelivery, SampleJsonContext.Default.CheckoutDelivery);
        return View(delivery ?? new CheckoutDelivery());
    }

    /// <summary>Saves step 2 and moves on or back.</summary>
    /// <param name="delivery">The answers.</param>
    /// <param name="nav"><see cref="Back"/> to go back; anything else to go on.</param>
    /// <returns>The next page, or the form again with its errors.</returns>
    [HttpPost]
    public IActionResult Delivery(CheckoutDelivery delivery, string? nav)
    {
        if (ModelState.IsValid)
        {
            HttpContext.Session.SetJson(SessionKeys.CheckoutDelivery, delivery, SampleJsonContext.Default.CheckoutDelivery);
        }

        if (nav == Back)
        {
            return RedirectToAction(nameof(Address));
        }

        return ModelState.IsValid ? RedirectToAction(nameof(Review)) : View(delivery);
    }

    /// <summary>Step 3: everything at a glance before placing the order.</summary>
    /// <returns>The summary, or a redirect to the first unfinished step.</returns>
    [HttpGet]
    public IActionResult Review()
    {
        if (FirstUnfinishedStep(needDelivery: true) is { } redirect)
        {
            return redirect;
        }

        return View(LoadReview());
    }

    /// <summary>Places the order and clears the wizard, or goes back a step.</summary>
    /// <param name="nav"><see cref="Back"/> to go back; anything else places the order.</param>
    /// <returns>A redirect to the confirmation, or back.</returns>
    [HttpPost]
    [ActionName(nameof(Review))]
    public IActionResult PlaceOrder(string? nav)
    {
        if (nav == Back)
        {
            return RedirectToAction(nameof(Delivery));
        }

        if (FirstUnfinishedStep(needDelivery: true) is { } redirect)
        {
            return redirect;
        }

        var review = LoadReview();
        var order = new OrderConfirmation(
            RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8),
            review.Address.FullName!,
            review.Total,
            review.Delivery.Method!.Value);

        // The order is done: nothing of the wizard or the cart stays in the session, only the short confirmation.
        var session = HttpContext.Session;
        session.Remove(SessionKeys.CheckoutAddress);
        session.Remove(SessionKeys.CheckoutDelivery);
        Cart.Clear(session);
        session.SetJson(SessionKeys.LastOrder, order, SampleJsonContext.Default.OrderConfirmation);
        return RedirectToAction(nameof(Confirmation));
    }

    /// <summary>The confirmation of the order just placed.</summary>
    /// <returns>The page, or a redirect to the shop when no order was placed.</returns>
    [HttpGet]
    public IActionResult Confirmation()
    {
        var order = HttpContext.Session.GetJson(SessionKeys.LastOrder, SampleJsonContext.Default.OrderConfirmation);
        return order is null ? RedirectToAction(nameof(ShopController.Index), "Shop") : View(order);
    }

    private ReviewViewModel LoadReview() => new(
        Cart.Load(HttpContext.Session),
        HttpContext.Session.GetJson(SessionKeys.CheckoutAddress, SampleJsonContext.Default.CheckoutAddress)!,
        HttpContext.Session.GetJson(SessionKeys.CheckoutDelivery, SampleJsonContext.Default.CheckoutDelivery)!);

    private RedirectToActionResult? FirstUnfinishedStep(bool needDelivery)
    {
        var session = HttpContext.Session;
        if (Cart.Load(session).IsEmpty)
        {
            Flash.Set(session, "Your cart is empty: add something before checking out.");
            return RedirectToAction(nameof(ShopController.Index), "Shop");
        }

        if (!IsComplete(session.GetJson(SessionKeys.CheckoutAddress, SampleJsonContext.Default.CheckoutAddress)))
        {
            return RedirectToAction(nameof(Address));
        }

        return needDelivery && !IsComplete(session.GetJson(SessionKeys.CheckoutDelivery, SampleJsonContext.Default.CheckoutDelivery))
            ? RedirectToAction(nameof(Delivery))
            : null;
    }

    private static bool IsComplete(object? step) =>
        step is not null && Validator.TryValidateObject(step, new ValidationContext(step), null, validateAllProperties: true);
}
