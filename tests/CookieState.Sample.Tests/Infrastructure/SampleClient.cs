using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace CookieState.Sample.Tests.Infrastructure;

/// <summary>
/// A browser-like client for the sample: a real cookie jar (Set-Cookie deletions included), redirects followed on request,
/// and forms posted with the antiforgery token read from the page that holds them.
/// </summary>
public sealed partial class SampleClient : IDisposable
{
    public static readonly Uri BaseAddress = new("http://localhost/");

    private readonly HttpClient _http;

    public SampleClient(WebApplicationFactory<Program> factory)
    {
        Cookies = new CookieContainer();
        _http = factory.CreateDefaultClient(BaseAddress, new CookieContainerHandler(Cookies));
    }

    public CookieContainer Cookies { get; }

    /// <summary>The session cookies in the jar, by name: <c>.CookieState</c>, <c>.CookieStateC2</c>, ….</summary>
    public IReadOnlyList<Cookie> SessionCookies =>
        Cookies.GetCookies(BaseAddress).Where(c => c.Name.StartsWith(".CookieState", StringComparison.Ordinal)).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();

    public HttpClient Http => _http;

    public async Task<HttpResponseMessage> GetAsync(string path) => await _http.GetAsync(path);

    /// <summary>GETs a page, following redirects, and returns the final response with its body.</summary>
    public async Task<Page> GetPageAsync(string path)
    {
        var response = await _http.GetAsync(path);
        return await FollowAsync(response);
    }

    /// <summary>
    /// Loads <paramref name="formPage"/>, takes its antiforgery token, and posts <paramref name="fields"/> to
    /// <paramref name="action"/>. Returns the raw response (redirects not followed).
    /// </summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var page = await GetPageAsync(formPage);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var token = page.AntiforgeryToken
            ?? throw new InvalidOperationException($"{formPage} has no __RequestVerificationToken input.");
        return await PostRawAsync(action, [.. fields, ("__RequestVerificationToken", token)]);
    }

    /// <summary>As <see cref="PostFormAsync"/>, then follows the redirect.</summary>
    public async Task<Page> SubmitAsync(string formPage, string action, params (string Name, string Value)[] fields) =>
        await FollowAsync(await PostFormAsync(formPage, action, fields));

    /// <summary>Posts exactly the given fields, no token added.</summary>
    public async Task<HttpResponseMessage> PostRawAsync(string action, params (string Name, string Value)[] fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await _http.PostAsync(action, content);
    }

    public async Task<Page> FollowAsync(HttpResponseMessage response)
    {
        var redirects = new List<string>();
        for (var hops = 0; IsRedirect(response.StatusCode); hops++)
        {
            if (hops == 10)
            {
                throw new InvalidOperationException("Too many redirects: " + string.Join(" → ", redirects));
            }

            var location = response.Headers.Location!.ToString();
            redirects.Add(location);
            response.Dispose();
            response = await _http.GetAsync(location);
        }

        var body = await response.Content.ReadAsStringAsync();
        return new Page(response, body, redirects);
    }

    public void Dispose() => _http.Dispose();

    private static bool IsRedirect(HttpStatusCode status) => (int)status is >= 300 and < 400;

    /// <summary>A response with its body and the redirects that led to it.</summary>
    public sealed partial record Page(HttpResponseMessage Response, string Body, IReadOnlyList<string> Redirects)
    {
        public HttpStatusCode StatusCode => Response.StatusCode;

        public string Path => Response.RequestMessage!.RequestUri!.AbsolutePath;

        /// <summary>The body with HTML entities decoded (Razor encodes every non-ASCII character, such as €).</summary>
        public string Text => WebUtility.HtmlDecode(Body);

        public string? AntiforgeryToken => TokenPattern().Match(Body) is { Success: true } m ? m.Groups[1].Value : null;

        /// <summary>The text inside the first element with <c>data-testid="<paramref name="testId"/>"</c>.</summary>
        public string? TestId(string testId)
        {
            var match = Regex.Match(Body, $"data-testid=\"{Regex.Escape(testId)}\"[^>]*>(.*?)</", RegexOptions.Singleline);
            return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
        }

        /// <summary>The number of cookies the inspector or big-state page says the state takes.</summary>
        public int? CookieCount => CookieCountPattern().Match(Body) is { Success: true } m ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

        [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();

        [GeneratedRegex("data-testid=\"cookie-count\" data-count=\"(\\d+)\"")]
        private static partial Regex CookieCountPattern();
    }
}
