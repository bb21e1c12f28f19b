using CookieState.Cookies;
using CookieState.Persistence;
using CookieState.Protection;
using CookieState.Serialization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace CookieState.Tests.Infrastructure;

/// <summary>
/// The real pipeline (reader, writer, formats, Data Protection with a key ring on disk) without HTTP, for properties that
/// must run thousands of cases quickly: seal a session into cookies exactly as a response would, and read cookies back
/// exactly as a request would.
/// </summary>
internal sealed class PipelineHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public PipelineHarness(
        Action<CookieStateOptions>? configure = null, string applicationName = "cookiestate-tests", string? keyDirectory = null, Action<IServiceCollection>? services = null)
    {
        KeyDirectory = keyDirectory ?? Directory.CreateTempSubdirectory("cookiestate-keys-").FullName;
        Clock = new FakeTimeProvider(Start);
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToFileSystem(new DirectoryInfo(KeyDirectory));
        TestFormat.Apply(collection);
        collection.AddCookieState(o => configure?.Invoke(o));
        services?.Invoke(collection);
        _services = collection.BuildServiceProvider();
        Options = _services.GetRequiredService<IOptions<CookieStateOptions>>().Value;
    }

    public string KeyDirectory { get; }

    public FakeTimeProvider Clock { get; }

    public CookieStateOptions Options { get; }

    public IServiceProvider Services => _services;

    public string CookieName => Options.Cookie.Name!;

    public CookieNames Names => _services.GetRequiredService<CookieNames>();

    public SessionFormats Formats => _services.GetRequiredService<SessionFormats>();

    public SessionFormat Writer => Formats.Writer;

    public SessionReader Reader => _services.GetRequiredService<SessionReader>();

    public IDataProtectionProvider DataProtection => _services.GetRequiredService<IDataProtectionProvider>();

    public int AttributesLength => Chunks.AttributesLength(Options.Cookie.Build(new DefaultHttpContext()));

    public SessionPayload NewState(IEnumerable<KeyValuePair<string, byte[]>>? entries = null, TimeSpan? idleTimeout = null)
    {
        var values = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in entries ?? [])
        {
            values[key] = value;
        }

        return new SessionPayload(SessionHeader.New(Clock.GetUtcNow()) with { IdleTimeout = idleTimeout }, values);
    }

    /// <summary>Seals a session through the real writer and returns the cookies a browser would send back.</summary>
    public List<RequestCookie> Seal(SessionPayload state)
    {
        var context = new DefaultHttpContext();
        var entries = new SessionEntries(new Dictionary<string, byte[]>(state.Entries, StringComparer.Ordinal), Writer.Codec);
        var prepared = _services.GetRequiredService<SessionWriter>().Prepare(context, state.Header, entries, 0, out _, out _);
        prepared.Emit(context.Response);
        return context.Response.Headers.SetCookie
            .Select(h => SetCookieHeaderValue.Parse(h))
            .Select(c => new RequestCookie(c.Name.ToString(), c.Value.ToString()))
            .ToList();
    }

    /// <summary>The plaintext the writer's format would seal for <paramref name="state"/>.</summary>
    public byte[] Encode(SessionPayload state, IStateCodec? codec = null)
    {
        codec ??= Writer.Codec;
        var size = state.Entries.Sum(e => codec.GetEntrySize(e.Key, e.Value.Length));
        var plaintext = new byte[codec.GetLength(state.Header, state.Entries.Count, size)];
        codec.Write(state.Header, state.Entries, size, plaintext);
        return plaintext;
    }

    /// <summary>Seals arbitrary plaintext (a crafted, lying payload, say) in the given format and chunks it.</summary>
    public List<RequestCookie> SealPlaintext(byte[] plaintext, CookieStateFormat? format = null)
    {
        var sealer = Sealer(format ?? Options.Format);
        using var sealedText = sealer.Seal(plaintext, Clock.GetUtcNow().AddMinutes(10));
        return Split(sealedText.ToString(), sealer);
    }

    public List<RequestCookie> Split(string sealedText, IPayloadSealer? sealer = null) =>
        Chunks.Split(sealedText, Names, AttributesLength, Options.ChunkSize, sealer ?? Sealer(Options.Format));

    public IPayloadSealer Sealer(CookieStateFormat format) => _services.GetServices<IPayloadSealer>().Last(s => s.Format == format);

    public SessionReadResult Load(IEnumerable<RequestCookie> cookies)
    {
        var parsed = new RequestCookies(Chunks.Parse(cookies, Names, Options.MaxCookieSize));

        // As the middleware does before the endpoint: a key the cached ring lacks is looked up first (bounded), so that the
        // read finds it, or finds it refused, rather than finding the lookup still running.
        Reader.PickUpUnknownKey(parsed, CancellationToken.None)?.GetAwaiter().GetResult();
        return Reader.Read(parsed);
    }

    public void Dispose() => _services.Dispose();
}
