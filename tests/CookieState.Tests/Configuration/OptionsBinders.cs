using CookieState.Configuration;
using Microsoft.Extensions.Configuration;

namespace CookieState.Tests.Configuration;

/// <summary>Every options type that configuration can bind, with the hand binder that binds it.</summary>
public static class OptionsBinders
{
    private static readonly Dictionary<Type, Action<IConfiguration, object>> ByHand = new()
    {
        [typeof(CookieStateOptions)] = (section, options) => CookieStateOptionsBinder.Bind(section, (CookieStateOptions)options),
        [typeof(CookieStateKeyPickupOptions)] = (section, options) => CookieStateOptionsBinder.Bind(section, (CookieStateKeyPickupOptions)options),
        [typeof(CookieStateRevocationOptions)] = (section, options) => CookieStateOptionsBinder.Bind(section, (CookieStateRevocationOptions)options),
        [typeof(CookieStateMigrationOptions)] = (section, options) => CookieStateOptionsBinder.Bind(section, (CookieStateMigrationOptions)options),
        [typeof(CookieStateHealthCheckOptions)] = (section, options) => CookieStateOptionsBinder.Bind(section, (CookieStateHealthCheckOptions)options),
    };

    public static IReadOnlyCollection<Type> Types => ByHand.Keys;

    /// <summary>The options types other than <see cref="CookieStateOptions"/>, which has a property of its own.</summary>
    public static Type[] Others => [.. ByHand.Keys.Where(t => t != typeof(CookieStateOptions))];

    public static TheoryData<string> TypeNames() => [.. ByHand.Keys.Select(t => t.Name)];

    public static Type Named(string name) => ByHand.Keys.Single(t => t.Name == name);

    public static object Create(Type type) => Activator.CreateInstance(type)!;

    public static void Bind(IConfiguration section, object options) => ByHand[options.GetType()](section, options);
}
