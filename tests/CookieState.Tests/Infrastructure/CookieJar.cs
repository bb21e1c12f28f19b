using System.Net.Http.Headers;
using Microsoft.Net.Http.Headers;

namespace CookieState.Tests.Infrastructure;

/// <summary>A browser-like cookie jar: applies Set-Cookie (including deletions) and sends the Cookie header.</summary>
public sealed class CookieJar
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Cookies => _cookies;

    public string? this[string name]
    {
        get => _cookies.TryGetValue(name, out var value) ? value : null;
        set
        {
            if (value is null)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }

    public void Apply(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            return;
        }

        foreach (var header in values)
        {
            var cookie = SetCookieHeaderValue.Parse(header);
            var expired = cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow
                || cookie.MaxAge is { } maxAge && maxAge <= TimeSpan.Zero;
            if (expired)
            {
                _cookies.Remove(cookie.Name.ToString());
            }
            else
            {
                _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
            }
        }
    }

    public void AddTo(HttpRequestMessage request)
    {
        if (_cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        }
    }

    public CookieJar Clone()
    {
        var copy = new CookieJar();
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }
}
