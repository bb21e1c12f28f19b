using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Security;

/// <summary>
/// The store and the real Data Protection protector without HTTP, for crypto-heavy properties that must run thousands
/// of cases quickly: seal a state into cookies, then load cookies back exactly as the middleware would.
/// </summary>
public sealed class StoreHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public StoreHarness(Action<CookieStateOptions>? configure = null, string applicationName = "cookiestate-tests", string? keyDirectory = null)
    {
        KeyDirectory = keyDirectory ?? Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        Clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeyDirectory));
        services.AddCookieState(configure ?? (_ => { }));
        _services = services.BuildServiceProvider();
        Store = _services.GetRequiredService<SessionCookieStore>();
        Protector = _services.GetRequiredService<ISessionPayloadProtector>();
        Options = _services.GetRequiredService<IOptions<CookieStateOptions>>().Value;
        Codec = new SessionPayloadCodec(Options);
    }

    public string KeyDirectory { get; }

    public FakeTimeProvider Clock { get; }

    internal SessionCookieStore Store { get; }

    internal ISessionPayloadProtector Protector { get; }

    internal SessionPayloadCodec Codec { get; }

    public CookieStateOptions Options { get; }

    public string CookieName => Options.Cookie.Name!;

    public IServiceProvider Services => _services;

    internal IDataProtectionProvider DataProtection => _services.GetRequiredService<IDataProtectionProvider>();

    internal List<RequestCookie> Seal(SessionState state) => SealPlaintext(Codec.Encode(state));

    internal List<RequestCookie> SealPlaintext(byte[] plaintext) => Split(Protector.Seal(plaintext));

    internal List<RequestCookie> Split(string sealedText)
    {
        var attributes = CookieChunker.GetAttributesLength(Options.Cookie.Build(new DefaultHttpContext()));
        return CookieChunker.Split(sealedText, CookieName, attributes, Options.ChunkSize);
    }

    internal SessionLoadResult Load(IEnumerable<RequestCookie> cookies) => Store.Load(ContextWith(cookies));

    internal static HttpContext ContextWith(IEnumerable<RequestCookie> cookies)
    {
        var context = new DefaultHttpContext();
        var header = new StringBuilder();
        foreach (var cookie in cookies)
        {
            if (header.Length > 0)
            {
                header.Append("; ");
            }

            header.Append(cookie.Name).Append('=').Append(cookie.Value);
        }

        if (header.Length > 0)
        {
            context.Request.Headers.Cookie = header.ToString();
        }

        return context;
    }

    internal SessionState NewState(IEnumerable<KeyValuePair<string, byte[]>>? entries = null)
    {
        var state = SessionState.CreateNew(Clock.GetUtcNow());
        foreach (var (key, value) in entries ?? [])
        {
            state.Entries[key] = value;
        }

        return state;
    }

    public void Dispose() => _services.Dispose();
}
