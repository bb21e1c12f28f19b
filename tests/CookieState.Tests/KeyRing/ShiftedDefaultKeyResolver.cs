using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CookieState.Tests.KeyRing;

/// <summary>
/// Test-only: lets a test move the time at which Data Protection picks its default key. Data Protection reads
/// DateTime.UtcNow and ignores the registered TimeProvider, so a key activating in an hour cannot otherwise be reached
/// without waiting an hour. Only the default key choice moves; everything else stays on the wall clock.
/// </summary>
public sealed class ShiftedDefaultKeyResolver(IDefaultKeyResolver inner, ShiftedDefaultKeyResolver.Offset offset) : IDefaultKeyResolver
{
    public DefaultKeyResolution ResolveDefaultKeyPolicy(DateTimeOffset now, IEnumerable<IKey> allKeys) =>
        inner.ResolveDefaultKeyPolicy(now + offset.Value, allKeys);

    public static void Register(IServiceCollection services, Offset offset)
    {
        var original = services.Last(d => d.ServiceType == typeof(IDefaultKeyResolver));
        services.Replace(ServiceDescriptor.Singleton<IDefaultKeyResolver>(sp => new ShiftedDefaultKeyResolver(
            (IDefaultKeyResolver)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!), offset)));
    }

    /// <summary>How far ahead of the wall clock the default key is chosen; shared by the nodes of a farm.</summary>
    public sealed class Offset
    {
        public TimeSpan Value { get; set; }
    }
}
