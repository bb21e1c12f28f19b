using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CookieState.Sample.Infrastructure;

/// <summary>
/// Which node of the farm this process is: <c>Node:Name</c> from configuration, or the machine name and the port it
/// listens on, so that two instances on one machine can be told apart.
/// </summary>
internal sealed class NodeIdentity
{
    private readonly IServer _server;
    private readonly IConfiguration _configuration;
    private string? _name;

    public NodeIdentity(IServer server, IConfiguration configuration)
    {
        _server = server;
        _configuration = configuration;
    }

    /// <summary>The node name. Resolved on first use, which is after the server has bound its addresses.</summary>
    public string Name => _name ??= Resolve();

    /// <summary>The addresses the server listens on; empty under an in-memory test server.</summary>
    public IReadOnlyList<string> Addresses =>
        _server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    /// <summary>Prints where to point a browser.</summary>
    public void AnnounceToConsole()
    {
        if (Addresses.Count == 0)
        {
            return;
        }

        Console.WriteLine();
        Console.WriteLine($"  CookieState sample is running as node '{Name}'.");
        foreach (var address in Addresses)
        {
            Console.WriteLine($"  Open {Browsable(address)} in your browser.");
        }

        Console.WriteLine();
    }

    private string Resolve()
    {
        var configured = _configuration["Node:Name"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var first = Addresses.Count > 0 ? Addresses[0] : null;
        return first is null
            ? Environment.MachineName
            : $"{Environment.MachineName}:{BindingAddress.Parse(first).Port}";
    }

    // Kestrel reports wildcard bindings as written ("http://+:80", "http://[::]:80"), which a browser cannot open.
    private static string Browsable(string address)
    {
        var binding = BindingAddress.Parse(address);
        var host = binding.Host is "+" or "*" or "[::]" or "0.0.0.0" ? "localhost" : binding.Host;
        return $"{binding.Scheme}://{host}:{binding.Port}{binding.PathBase}/";
    }
}
