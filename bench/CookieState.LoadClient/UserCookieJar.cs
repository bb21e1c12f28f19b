using System.Globalization;
using System.Text;

namespace CookieState.LoadClient;

/// <summary>
/// One user's cookies for one loopback server: the part of a browser's jar this measurement needs (name → value,
/// replaced by each Set-Cookie, removed by an expiry in the past or Max-Age of zero or less), and its Cookie header,
/// rebuilt only when asked for after a cookie changed. The client sends exactly the header it counts, and spends nothing on domain and
/// path matching that one loopback server never needs.
/// </summary>
internal sealed class UserCookieJar
{
    private readonly List<KeyValuePair<string, string>> _cookies = [];
    private string? _header = "";

    /// <summary>The Cookie header value to send, or empty when the jar holds nothing.</summary>
    public string Header => _header ??= Build();

    /// <summary>Applies one Set-Cookie header value; returns false when it cannot be read as one.</summary>
    public bool Apply(string setCookie)
    {
        var end = setCookie.IndexOf(';');
        var pair = end < 0 ? setCookie.AsSpan() : setCookie.AsSpan(0, end);
        var equals = pair.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var name = pair[..equals].Trim().ToString();
        var value = pair[(equals + 1)..].Trim().ToString();
        var index = _cookies.FindIndex(c => c.Key == name);
        if (end >= 0 && IsExpired(setCookie.AsSpan(end + 1)))
        {
            if (index >= 0)
            {
                _cookies.RemoveAt(index);
            }
        }
        else if (index >= 0)
        {
            _cookies[index] = new(name, value);
        }
        else
        {
            _cookies.Add(new(name, value));
        }

        _header = null;
        return true;
    }

    // Max-Age wins over Expires when both are given (RFC 6265, 5.3).
    private static bool IsExpired(ReadOnlySpan<char> attributes)
    {
        var expired = false;
        foreach (var range in attributes.Split(';'))
        {
            var attribute = attributes[range].Trim();
            if (attribute.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase))
            {
                return int.TryParse(attribute["max-age=".Length..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
                    && seconds <= 0;
            }

            if (attribute.StartsWith("expires=", StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(attribute["expires=".Length..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
            {
                expired = expires <= DateTimeOffset.UtcNow;
            }
        }

        return expired;
    }

    private string Build()
    {
        var header = new StringBuilder();
        foreach (var (name, value) in _cookies)
        {
            if (header.Length > 0)
            {
                header.Append("; ");
            }

            header.Append(name).Append('=').Append(value);
        }

        return header.ToString();
    }
}
