using System.ComponentModel.DataAnnotations;

namespace CookieState.Sample.Models;

/// <summary>Step 1 of the checkout wizard: where the order goes.</summary>
public sealed class CheckoutAddress
{
    /// <summary>The recipient's full name.</summary>
    [Required(ErrorMessage = "Please enter the recipient's name.")]
    [StringLength(60)]
    [Display(Name = "Full name")]
    public string? FullName { get; set; }

    /// <summary>Street and house number.</summary>
    [Required(ErrorMessage = "Please enter the street and number.")]
    [StringLength(80)]
    [Display(Name = "Street and number")]
    public string? Street { get; set; }

    /// <summary>The postal code: 3 to 10 letters, digits, spaces or dashes.</summary>
    [Required(ErrorMessage = "Please enter the postal code.")]
    [RegularExpression(@"^[A-Za-z0-9][A-Za-z0-9 \-]{1,8}[A-Za-z0-9]$", ErrorMessage = "That does not look like a postal code.")]
    [Display(Name = "Postal code")]
    public string? PostalCode { get; set; }

    /// <summary>The city.</summary>
    [Required(ErrorMessage = "Please enter the city.")]
    [StringLength(60)]
    public string? City { get; set; }

    /// <summary>The country.</summary>
    [Required(ErrorMessage = "Please enter the country.")]
    [StringLength(60)]
    public string? Country { get; set; }
}
