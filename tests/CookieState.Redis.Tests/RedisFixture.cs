using CookieState.TestServers;
using StackExchange.Redis;

namespace CookieState.Redis.Tests;

/// <summary>One real redis-server for the class, on its own port and folder, and a multiplexer to it.</summary>
public sealed class RedisFixture : IAsyncLifetime
{
    private RedisTestServer? _server;

    public RedisTestServer Server => _server ?? throw new InvalidOperationException("Redis is not started.");

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await RedisTestServer.StartAsync();
        Connection = await ConnectionMultiplexer.ConnectAsync(_server.Configuration + ",abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        await Connection.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
