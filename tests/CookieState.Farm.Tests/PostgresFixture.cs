using CookieState.TestServers;

namespace CookieState.Farm.Tests;

/// <summary>One throwaway PostgreSQL for the farm tests; each scenario gets its own database as key ring.</summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresTestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresTestServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
