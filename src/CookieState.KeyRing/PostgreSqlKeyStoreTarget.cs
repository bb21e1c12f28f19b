using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace CookieState.KeyRing;

/// <summary>A key ring in PostgreSQL (<c>--postgres &lt;connection string&gt;</c>), as <c>PersistKeysToPostgreSql</c> uses.</summary>
internal sealed class PostgreSqlKeyStoreTarget(string connectionString) : IKeyStoreTarget
{
    public string Description
    {
        get
        {
            var parsed = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database {parsed.Database} on {parsed.Host}:{parsed.Port}";
        }
    }

    // The repository creates its table on first use, so a reachable database is all "exists" can mean here.
    public bool Exists() => true;

    public void Configure(IDataProtectionBuilder builder) => builder.PersistKeysToPostgreSql(connectionString);
}
