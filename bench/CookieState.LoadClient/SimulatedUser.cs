using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace CookieState.LoadClient;

/// <summary>
/// One browser: its own connection and its own cookie jar (<see cref="UserCookieJar"/>), so its own session, making one
/// request at a time. It first
/// creates its session with the run's state size, then repeats the run's request and checks every answer: the counter
/// it increments must come back one higher each time, a read must see its state untouched.
/// </summary>
internal sealed class SimulatedUser : IDisposable
{
    private const string SetCookie = "Set-Cookie";
    private const string Cookie = "Cookie";

    // Header line lengths on the wire: "Cookie: " or "Set-Cookie: ", the value, CRLF.
    private const int CookieLineOverhead = 8 + 2;
    private const int SetCookieLineOverhead = 12 + 2;

    private static readonly Uri Counter = new("/session/counter", UriKind.Relative);

    private readonly UserCookieJar _jar = new();
    private readonly HttpClient _client;
    private readonly RunOptions _options;
    private readonly string _expectedRead;
    private int _counter;

    public SimulatedUser(RunOptions options)
    {
        _options = options;
        _expectedRead = string.Create(CultureInfo.InvariantCulture, $"0 {options.StateBytes}");
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        _client = new HttpClient(handler)
        {
            BaseAddress = options.Server,
            Timeout = TimeSpan.FromSeconds(10),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public UserTally Tally { get; } = new();

    /// <summary>The bytes of the Cookie line the next request sends: none when the jar is empty.</summary>
    private int CookieHeaderBytes => _jar.Header.Length == 0 ? 0 : CookieLineOverhead + _jar.Header.Length;

    /// <summary>Creates this user's session; throws when the server does not, since nothing after it would mean anything.</summary>
    public async Task SetUpAsync(CancellationToken cancellationToken)
    {
        var uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"/session?bytes={_options.StateBytes}"), UriKind.Relative);
        using var response = await _client.PostAsync(uri, content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
        Store(response.Headers);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (body != "0")
        {
            throw new InvalidOperationException($"Session setup answered '{body}', expected '0'.");
        }

        if (CookieHeaderBytes == 0)
        {
            throw new InvalidOperationException("Session setup set no cookie.");
        }
    }

    /// <summary>Repeats the run's request until the window is over.</summary>
    public async Task RunAsync(MeasurementWindow window, CancellationToken cancellationToken)
    {
        while (!window.IsOver && !cancellationToken.IsCancellationRequested)
        {
            var sentCookieBytes = CookieHeaderBytes;
            var start = Stopwatch.GetTimestamp();
            var (outcome, setCookieBytes) = await SendAsync(cancellationToken);
            var latency = Stopwatch.GetElapsedTime(start);
            if (!window.TryCount())
            {
                continue;
            }

            switch (outcome)
            {
                case Outcome.Ok:
                    Tally.Succeeded(latency, sentCookieBytes, setCookieBytes);
                    break;
                case Outcome.Mismatched:
                    Tally.Mismatch();
                    break;
                default:
                    Tally.Fail();
                    break;
            }
        }
    }

    public void Dispose() => _client.Dispose();

    private async Task<(Outcome Outcome, int SetCookieBytes)> SendAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(_options.Kind == RequestKind.Write ? HttpMethod.Post : HttpMethod.Get, Counter);
        if (_jar.Header.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(Cookie, _jar.Header);
        }

        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return (Outcome.Failed, 0);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (Outcome.Failed, 0); // HttpClient.Timeout
        }
        catch (OperationCanceledException)
        {
            return (Outcome.Failed, 0); // the run's hard stop
        }

        using (response)
        {
            var setCookieBytes = Store(response.Headers);
            if (setCookieBytes < 0)
            {
                return (Outcome.Failed, 0);
            }

            if (!response.IsSuccessStatusCode)
            {
                return (Outcome.Failed, setCookieBytes);
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return (Check(body) ? Outcome.Ok : Outcome.Mismatched, setCookieBytes);
        }
    }

    private bool Check(string body)
    {
        if (_options.Kind == RequestKind.Read)
        {
            return body == _expectedRead;
        }

        if (!int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        // Follow what the server says, so one lost write is counted once, not on every request after it.
        var expected = _counter + 1;
        _counter = value;
        return value == expected;
    }

    /// <summary>Stores the response's cookies in the jar; returns their Set-Cookie bytes, or -1 for an unreadable one.</summary>
    private int Store(HttpResponseHeaders headers)
    {
        var setCookieBytes = 0;
        if (headers.TryGetValues(SetCookie, out var values))
        {
            foreach (var value in values)
            {
                if (!_jar.Apply(value))
                {
                    return -1;
                }

                setCookieBytes += SetCookieLineOverhead + value.Length;
            }
        }

        return setCookieBytes;
    }
}
