using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Sample.Tests.Infrastructure;

/// <summary>
/// The sample in-process, with a key ring in a temp folder (tests never write into the repo) and optional overrides
/// of configuration and services.
/// </summary>
public sealed class SampleFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    public SampleFactory()
        : this(null, null)
    {
    }

    private SampleFactory(IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? services)
    {
        KeyRingPath = Directory.CreateTempSubdirectory("cookiestate-sample-keys-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["DataProtection:KeyRingPath"] = KeyRingPath,
        };
        _services = services;
    }

    public string KeyRingPath { get; }

    /// <summary>A factory with extra configuration settings and service overrides.</summary>
    public static SampleFactory With(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) =>
        new(settings, services);

    public static SampleFactory InMemory() => With(new Dictionary<string, string?> { ["Session:Store"] = "InMemory" });

    /// <summary>A client with its own cookie jar that does not follow redirects, so tests can see them.</summary>
    public SampleClient CreateSampleClient() => new(this);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting lands in the host configuration, which Program.cs reads before Build(): AddInMemoryCollection would be too late.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(KeyRingPath, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}
