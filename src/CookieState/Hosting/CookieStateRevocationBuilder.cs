using Microsoft.Extensions.DependencyInjection;

namespace CookieState;

/// <summary>
/// What <c>AddCookieStateRevocation()</c> returns, to choose where revocations live: <c>.UseRedis(…)</c> (package
/// <c>CookieState.Redis</c>) or <c>.UsePostgreSql(…)</c> (package <c>CookieState.PostgreSql</c>) keep a replica of every
/// live revocation in each node's memory, so a request checks without I/O. Without a <c>Use…</c>, revocation goes through
/// the app's <c>IDistributedCache</c> on every request: the slow path (docs/security.md).
/// </summary>
public sealed class CookieStateRevocationBuilder
{
    /// <summary>Creates a builder over a service collection.</summary>
    /// <param name="services">The service collection revocation is registered in.</param>
    public CookieStateRevocationBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The service collection revocation is registered in.</summary>
    public IServiceCollection Services { get; }
}
