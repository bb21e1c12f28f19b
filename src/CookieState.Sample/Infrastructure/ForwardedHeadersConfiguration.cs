using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// Trusts <c>X-Forwarded-Proto</c> and <c>X-Forwarded-For</c> from the proxies named in configuration. Behind a
/// TLS-terminating proxy the app sees plain HTTP; without this, <c>CookieSecurePolicy.SameAsRequest</c> would issue the
/// session cookies without <c>Secure</c>. Loopback is trusted by default (a proxy on the same machine, as in the farm
/// runner); list other proxies under <c>ForwardedHeaders:KnownProxies</c> (addresses) or <c>ForwardedHeaders:KnownNetworks</c>
/// (CIDR), never a whole public range.
/// </summary>
internal static class ForwardedHeadersConfiguration
{
    public static IServiceCollection AddForwardedHeadersFromConfiguration(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
}
