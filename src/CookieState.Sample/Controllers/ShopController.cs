using CookieState.Sample.Infrastructure;
using CookieState.Sample.Models;
using Microsoft.AspNetCore.Mvc;

namespace CookieState.Sample.Controllers;

/// <summary>The catalogue and the cart. The cart lives only in <c>HttpContext.Session</c>.</summary>
public sealed class ShopController : Controller
{
    /// <summary>The catalogue with the cart beside it.</summary>
    /// <returns>The page.</returns>
    [HttpGet]
    public IActionResult Index() => View(Cart.Load(HttpContext.Session));

    /// <summary>Adds one of a product to the cart.</summary>
    /// <param name="productId">The product id.</param>
    /// <returns>A redirect back to the shop.</returns>
    [HttpPost]
    public IActionResult Add(string productId)
    {
        if (Catalog.Find(productId) is not { } product)
        {
            return NotFound();
        }

        var cart = Cart.Load(HttpContext.Session);
        cart.Add(product.Id);
        cart.Save(HttpContext.Session);
        Flash.Set(HttpContext.Session, $"Added {product.Name} to your cart.");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Changes the quantity of a cart line; zero removes it.</summary>
    /// <param name="productId">The product id.</param>
    /// <param name="quantity">The new quantity, 0 to <see cref="Cart.MaxQuantity"/>.</param>
    /// <returns>A redirect back to the shop.</returns>
    [HttpPost]
    public IActionResult Update(string productId, int quantity)
    {
        if (Catalog.Find(productId) is not { } product)
        {
            return NotFound();
        }

        if (!ModelState.IsValid || quantity is < 0 or > Cart.MaxQuantity)
        {
            Flash.Set(HttpContext.Session, $"Please choose a quantity between 0 and {Cart.MaxQuantity}.");
            return RedirectToAction(nameof(Index));
        }

        var cart = Cart.Load(HttpContext.Session);
        cart.SetQuantity(product.Id, quantity);
        cart.Save(HttpContext.Session);
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Removes a product from the cart.</summary>
    /// <param name="productId">The product id.</param>
    /// <returns>A redirect back to the shop.</returns>
    [HttpPost]
    public IActionResult Remove(string productId)
    {
        var cart = Cart.Load(HttpContext.Session);
        cart.SetQuantity(productId, 0);
        cart.Save(HttpContext.Session);
        return RedirectToAction(nameof(Index));
    }
}
