using System.ComponentModel.DataAnnotations;

namespace CookieState.Sample.Models;

/// <summary>The name-only sign-in form. No password: the sample shows the session side of signing in, not authentication.</summary>
public sealed class SignInForm
{
    /// <summary>The name to sign in as.</summary>
    [Required(ErrorMessage = "Please enter a name.")]
    [StringLength(40, ErrorMessage = "Please keep the name under 40 characters.")]
    [Display(Name = "Your name")]
    public string? Name { get; set; }

    /// <summary>
    /// "Remember me": make the session persistent, so that it survives closing the browser. Unticked by default: on a
    /// shared computer the next person would find the session signed in.
    /// </summary>
    [Display(Name = "Keep me signed in (not on a shared computer)")]
    public bool RememberMe { get; set; }

    /// <summary>A local URL to return to after signing in.</summary>
    public string? ReturnUrl { get; set; }
}
