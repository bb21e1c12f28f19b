using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Refuses, at startup, options that would fail on the first request or, worse, fail silently: a cookie a browser drops
/// (prefix rules, <c>SameSite=None</c> without <c>Secure</c>, over 4 KB), a persistent cookie nobody asked for, limits out
/// of range. Ranges are attributes on the options, checked by the generated <see cref="AttributeRules"/>; the rules that
/// relate options to each other are written here.
/// </summary>
internal sealed partial class CookieStateOptionsValidator : IValidateOptions<CookieStateOptions>
{
    // The smallest room for sealed text a chunk may leave once name, chunk header and attributes are written.
    private const int MinimumChunkRoom = 64;

    /// <summary>Keeps the envelope format's authenticated data small enough for the stack.</summary>
    internal const int MaxDiscriminatorLength = 128;

    private static readonly AttributeRules Attributes = new();

    public ValidateOptionsResult Validate(string? name, CookieStateOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        result.AddResult(Attributes.Validate(name, options));
        void Check(bool valid, string message)
        {
            if (!valid)
            {
                result.AddError("Invalid CookieStateOptions: " + message);
            }
        }

        Check(options.IdleTimeout <= options.AbsoluteTimeout, "IdleTimeout must not exceed AbsoluteTimeout.");
        Check(options.MaxIdleTimeout is null || (options.MaxIdleTimeout >= options.IdleTimeout && options.MaxIdleTimeout <= options.AbsoluteTimeout),
            "MaxIdleTimeout must lie between IdleTimeout and AbsoluteTimeout.");
        Check(options.Envelope is null || options.Envelope.WriteDataKeyVersion != 1 || options.Envelope.ReadV1DataKeys,
            "Envelope.WriteDataKeyVersion = 1 needs Envelope.ReadV1DataKeys: the node could not read its own cookies.");
        Check(options.ReadFormats.All(Enum.IsDefined), "ReadFormats must hold known values.");
        Check(options.ReadFormats.Count == 0 || options.ReadFormats.Contains(options.Format),
            "ReadFormats must include Format, or this node could not read the cookies it writes.");
        Check(options.ApplicationDiscriminator is not { Length: > MaxDiscriminatorLength }, "ApplicationDiscriminator must be at most 128 characters.");
        Check(options.MaxPersistentLifetime is null || (options.MaxPersistentLifetime >= options.IdleTimeout && options.MaxPersistentLifetime <= TimeSpan.FromDays(400)),
            "MaxPersistentLifetime must lie between IdleTimeout and 400 days (browsers cap a cookie's expiry at 400 days).");
        Check(options.MaxPersistentLifetime is null || !options.WriteLegacyHeader,
            "MaxPersistentLifetime needs header version 4: turn WriteLegacyHeader off first (header version 3 has no place " +
            "for persistence, so a persistent session would lose it on the next node).");
        Check(options.MaxPersistentLifetime is null || options.Format != CookieStateFormat.DataProtection,
            "MaxPersistentLifetime needs the Envelope or Jose format: the DataProtection format writes header version 1, " +
            "which has no place for persistence.");
        ValidateCookie(options, Check);
        ValidatePartitions(options.Partitions, Check);
        return result.Build();
    }

    private static void ValidateCookie(CookieStateOptions options, Action<bool, string> check)
    {
        var cookie = options.Cookie;
        // Unset, the name resolves after configuration (CookieStateNamePostConfigure): validate the name it will have.
        var cookieName = string.IsNullOrEmpty(cookie.Name) ? CookieStateNamePostConfigure.Resolve(cookie) : cookie.Name;
        check(cookie.Expiration is null,
            "Cookie.Expiration must not be set: it would make the session cookie outlive the browser session without a word. " +
            "The server enforces IdleTimeout and AbsoluteTimeout.");
        check(cookie.MaxAge is null,
            "Cookie.MaxAge must not be set: it would make the session cookie outlive the browser session without a word. " +
            "The server enforces IdleTimeout and AbsoluteTimeout.");
        check(cookie.SameSite != SameSiteMode.None || cookie.SecurePolicy == CookieSecurePolicy.Always,
            "Cookie.SameSite = None needs Cookie.SecurePolicy = Always: browsers drop SameSite=None cookies without Secure.");
        if (cookieName.StartsWith("__Host-", StringComparison.Ordinal))
        {
            check(cookie.SecurePolicy == CookieSecurePolicy.Always && cookie.Path == "/" && string.IsNullOrEmpty(cookie.Domain),
                $"The cookie name '{cookieName}' has the __Host- prefix, which browsers accept only with " +
                "Cookie.SecurePolicy = CookieSecurePolicy.Always, Cookie.Path = \"/\" and no Cookie.Domain.");
        }
        else if (cookieName.StartsWith("__Secure-", StringComparison.Ordinal))
        {
            check(cookie.SecurePolicy == CookieSecurePolicy.Always,
                $"The cookie name '{cookieName}' has the __Secure- prefix, which browsers accept only with " +
                "Cookie.SecurePolicy = CookieSecurePolicy.Always.");
        }

        if (cookieName.Length > 0 && cookie.Expiration is null && cookie.MaxAge is null)
        {
            var attributes = new DefaultHttpContext { Request = { Scheme = "https" } };
            var room = options.ChunkSize - cookieName.Length - 4 - 1 - 12 - cookie.Build(attributes).CreateCookieHeader("x", string.Empty).ToString().Length;
            check(room >= MinimumChunkRoom,
                $"ChunkSize ({options.ChunkSize}) leaves too little room for data once the cookie name, chunk header and " +
                "attributes (path, domain, extensions) are written.");
        }
    }

    private static void ValidatePartitions(IList<string> partitions, Action<bool, string> check)
    {
        check(partitions.Count <= MaxPartitions,
            $"Partitions holds {partitions.Count} names; at most {MaxPartitions} are allowed (each cookie set repeats the wrapped data key).");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var partition in partitions)
        {
            var valid = IsPartitionName(partition);
            check(valid, $"Partitions: '{partition}' is not a partition name: 1 to 16 characters of a-z and 0-9.");
            check(seen.Add(partition), $"Partitions: '{partition}' is listed twice.");
        }

        // "{name}.cart" and "{name}.cartc2" would read as a chunk name and its case variant of each other.
        foreach (var partition in partitions)
        {
            foreach (var other in partitions)
            {
                if (other.Length > partition.Length + 1 && other.StartsWith(partition, StringComparison.Ordinal)
                    && other[partition.Length] == 'c' && other[(partition.Length + 1)..].All(char.IsAsciiDigit))
                {
                    check(false, $"Partitions: '{other}' reads as a chunk cookie of partition '{partition}'; rename one of them.");
                }
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is 1 to 16 characters of <c>a-z</c> and <c>0-9</c>.</summary>
    internal static bool IsPartitionName(string? name) =>
        name is { Length: >= 1 and <= 16 } && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));

    /// <summary>The most partitions a session may have.</summary>
    internal const int MaxPartitions = 8;

    [OptionsValidator]
    private sealed partial class AttributeRules : IValidateOptions<CookieStateOptions>;
}
