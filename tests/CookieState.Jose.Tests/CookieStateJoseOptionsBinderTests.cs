using System.Reflection;
using CookieState.Jose.Configuration;
using Microsoft.Extensions.Configuration;

namespace CookieState.Jose.Tests;

/// <summary>
/// The hand-written, trim-safe binder behind <c>AddCookieStateJose(IConfiguration)</c> knows every JOSE option and reads
/// configuration as ASP.NET Core's reflection binder does.
/// </summary>
public sealed class CookieStateJoseOptionsBinderTests
{
    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("CookieState:Jose");

    [Fact]
    public void Every_public_option_and_key_setting_is_bound_as_the_reflection_binder_binds_it()
    {
        var section = Section(new()
        {
            ["CookieState:Jose:Mode"] = "signed",
            ["CookieState:Jose:PrimaryKeyId"] = "k2",
            ["CookieState:Jose:Audience"] = "shop",
            ["CookieState:Jose:Keys:0:Id"] = "k1",
            ["CookieState:Jose:Keys:0:Key"] = "a2V5",
            ["CookieState:Jose:Keys:0:NotBefore"] = "2026-01-01T00:00:00Z",
            ["CookieState:Jose:Keys:0:NotAfter"] = "2030-01-01T00:00:00+01:00",
        });
        var byHand = new CookieStateJoseOptions();
        var byReflection = new CookieStateJoseOptions();

        CookieStateJoseOptionsBinder.Bind(section, byHand);
        section.Bind(byReflection);

        // Every public settable property, so that an option added later and not bound fails here.
        var defaults = new CookieStateJoseOptions();
        foreach (var property in Settable(typeof(CookieStateJoseOptions)))
        {
            Assert.NotEqual(property.GetValue(defaults), property.GetValue(byHand));
            Assert.Equal(property.GetValue(byReflection), property.GetValue(byHand));
        }

        var key = Assert.Single(byHand.Keys);
        var reflected = Assert.Single(byReflection.Keys);
        foreach (var property in Settable(typeof(CookieStateJoseKey)))
        {
            Assert.NotEqual(property.GetValue(new CookieStateJoseKey()), property.GetValue(key));
            Assert.Equal(property.GetValue(reflected), property.GetValue(key));
        }
    }

    [Fact]
    public void A_jose_key_date_that_does_not_convert_fails_naming_its_key_where_the_reflection_binder_drops_the_key()
    {
        var section = Section(new()
        {
            ["CookieState:Jose:Keys:0:Id"] = "k1",
            ["CookieState:Jose:Keys:0:NotAfter"] = "next tuesday",
        });

        var error = Assert.Throws<InvalidOperationException>(() => CookieStateJoseOptionsBinder.Bind(section, new CookieStateJoseOptions()));

        Assert.Contains("'CookieState:Jose:Keys:0:NotAfter'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mode_that_is_no_mode_fails_naming_its_key()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => CookieStateJoseOptionsBinder.Bind(Section(new() { ["CookieState:Jose:Mode"] = "Scrambled" }), new CookieStateJoseOptions()));

        Assert.Contains("'CookieState:Jose:Mode'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_jose_key_in_configuration_is_appended_in_order()
    {
        var section = Section(new()
        {
            ["CookieState:Jose:Keys:0:Id"] = "k1",
            ["CookieState:Jose:Keys:1:Id"] = "k2",
            ["CookieState:Jose:Keys:1:NotBefore"] = "2027-01-01T00:00:00Z",
            ["CookieState:Jose:Keys:2:Id"] = "k3",
        });
        var byHand = new CookieStateJoseOptions();
        var byReflection = new CookieStateJoseOptions();

        CookieStateJoseOptionsBinder.Bind(section, byHand);
        section.Bind(byReflection);

        Assert.Equal(["k1", "k2", "k3"], byHand.Keys.Select(k => k.Id));
        Assert.Equal(byReflection.Keys.Select(k => (k.Id, k.Key, k.NotBefore, k.NotAfter)),
            byHand.Keys.Select(k => (k.Id, k.Key, k.NotBefore, k.NotAfter)));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), byHand.Keys[1].NotBefore);
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true });
}
