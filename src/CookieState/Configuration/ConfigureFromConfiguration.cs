using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CookieState.Configuration;

/// <summary>
/// Configures one options type from a configuration section through <see cref="CookieStateOptionsBinder"/>, as an
/// <see cref="IConfigureOptions{TOptions}"/> service the options pipeline runs in registration order: code configuration
/// registered after it wins. No change token is registered with it: CookieState reads its options once, at startup.
/// </summary>
internal sealed class ConfigureFromConfiguration<TOptions> : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    private readonly string? _name;
    private readonly IConfiguration _configuration;
    private readonly Action<IConfiguration, TOptions> _bind;

    /// <param name="name">The options name this applies to; <see langword="null"/> for every name.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <param name="bind">The binder of <typeparamref name="TOptions"/>.</param>
    public ConfigureFromConfiguration(string? name, IConfiguration configuration, Action<IConfiguration, TOptions> bind)
    {
        _name = name;
        _configuration = configuration;
        _bind = bind;
    }

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, TOptions options)
    {
        if (_name is null || _name == name)
        {
            _bind(_configuration, options);
        }
    }
}
