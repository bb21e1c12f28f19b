using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace CookieState.Farm.Tests;

/// <summary>
/// One browser on the farm: its own cookie jar, no automatic redirects, forms posted with the antiforgery token read from
/// the page, as a person signing in and out does.
/// </summary>
public sealed partial class FarmBrowser : IDisposable
{
    private readonly Uri _baseAddress;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _client;

    public FarmBrowser(Uri baseAddress)
    {
        _baseAddress = baseAddress;
        _handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), UseCookies = true, AllowAutoRedirect = false };
        _client = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
    }

    /// <summary>The session cookies in the jar as a <c>Cookie</c> header, to replay elsewhere as a thief would.</summary>
    public string SessionCookieHeader =>
        string.Join("; ", _handler.CookieContainer.GetCookies(_baseAddress)
            .Where(c => c.Name.StartsWith(".CookieState", StringComparison.Ordinal))
            .Select(c => $"{c.Name}={c.Value}"));

    public async Task<int> IncrementAsync()
    {
        using var response = await _client.GetAsync("api/counter");
        response.EnsureSuccessStatusCode();
        return int.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Signs in under <paramref name="name"/> (the sample regenerates the session id and binds the user).</summary>
    public Task SignInAsync(string name) => PostFormAsync("Account/SignIn", "Account/SignIn", ("Name", name));

    /// <summary>Signs out: the sample abandons the session, which records its id as revoked.</summary>
    public Task SignOutAsync() => PostFormAsync("Shop", "Account/SignOut");

    /// <summary>
    /// Sends <paramref name="cookieHeader"/> straight to one node and reads the counter without changing it. Returns the
    /// value and whether the node expired the session cookie in its answer.
    /// </summary>
    public static async Task<(int Value, bool CookieExpired)> ReplayAsync(Uri node, string cookieHeader)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = node, Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/counter/value");
        request.Headers.Add("Cookie", cookieHeader);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var expired = response.Headers.TryGetValues("Set-Cookie", out var cookies)
            && cookies.Any(c => c.StartsWith(".CookieState=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        return (int.Parse(await response.Content.ReadAsStringAsync(), CultureInfo.InvariantCulture), expired);
    }

    public void Dispose() => _client.Dispose();

    private async Task PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields)
    {
        var page = await _client.GetStringAsync(formPage);
        var token = TokenPattern().Match(page) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"{formPage} has no antiforgery token.");
        using var content = new FormUrlEncodedContent(
            fields.Append((Name: "__RequestVerificationToken", Value: token)).Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        using var response = await _client.PostAsync(action, content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"POST {action} answered {(int)response.StatusCode}, not a redirect.");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
