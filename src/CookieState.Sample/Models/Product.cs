namespace CookieState.Sample.Models;

/// <summary>A product of the catalogue.</summary>
/// <param name="Id">A short stable id: the only thing the cart stores.</param>
/// <param name="Name">The display name.</param>
/// <param name="Description">One line about it.</param>
/// <param name="Price">The unit price in euros.</param>
/// <param name="Color">A CSS colour for its tile.</param>
internal sealed record Product(string Id, string Name, string Description, decimal Price, string Color);
