using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace CookieState.PostgreSql.Tests;

/// <summary>Small SQL and networking helpers for assertions.</summary>
internal static class TestDatabase
{
    public const string SecretPassword = "S3cret-Must-Not-Leak-42";

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<string>> ColumnAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>A connection string to a port nothing listens on, with a password that must never surface.</summary>
    public static (string ConnectionString, int Port) Unreachable()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Database = "keyring_db",
            Username = "keyring_user",
            Password = SecretPassword,
            Timeout = 5,
        }.ConnectionString;
        return (connectionString, port);
    }
}
