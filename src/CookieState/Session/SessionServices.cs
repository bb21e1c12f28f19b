using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Persistence;
using CookieState.Revocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Session;

/// <summary>The singletons every request's session works with, resolved once by the middleware's constructor.</summary>
internal sealed class SessionServices
{
    public SessionServices(
        IOptions<CookieStateOptions> options,
        SessionReader reader,
        SessionWriter writer,
        SessionLifetime lifetime,
        RevocationGate revocation,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory,
        PartitionLayout layout)
    {
        Layout = layout;
        Options = options.Value;
        Reader = reader;
        Writer = writer;
        Lifetime = lifetime;
        Revocation = revocation;
        Metrics = metrics;
        Logger = loggerFactory.CreateLogger(CookieStateDiagnostics.SessionLogCategory);
    }

    public CookieStateOptions Options { get; }

    public SessionReader Reader { get; }

    public SessionWriter Writer { get; }

    public SessionLifetime Lifetime { get; }

    public RevocationGate Revocation { get; }

    public CookieStateMetrics Metrics { get; }

    public ILogger Logger { get; }

    public PartitionLayout Layout { get; }
}
