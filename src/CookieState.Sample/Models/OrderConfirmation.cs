namespace CookieState.Sample.Models;

/// <summary>What is kept of a placed order to show its confirmation page.</summary>
/// <param name="Number">The order number.</param>
/// <param name="Name">The recipient.</param>
/// <param name="Total">The amount charged.</param>
/// <param name="Delivery">The delivery method.</param>
internal sealed record OrderConfirmation(string Number, string Name, decimal Total, DeliveryMethod Delivery);
