using System.ComponentModel.DataAnnotations;

namespace CookieState.Sample.Models;

/// <summary>Step 2 of the checkout wizard: how the order is delivered.</summary>
public sealed class CheckoutDelivery
{
    /// <summary>The chosen delivery method.</summary>
    [Required(ErrorMessage = "Please choose a delivery method.")]
    [EnumDataType(typeof(DeliveryMethod), ErrorMessage = "Please choose a delivery method.")]
    public DeliveryMethod? Method { get; set; }

    /// <summary>Optional instructions for the courier.</summary>
    [StringLength(140, ErrorMessage = "Please keep the instructions under 140 characters.")]
    [Display(Name = "Instructions for the courier (optional)")]
    public string? Instructions { get; set; }
}
