using CookieState;
using CookieState.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps CookieState revocations in a PostgreSQL table, replicated into every node's memory.</summary>
public static class CookieStatePostgreSqlRevocationExtensions
{
    /// <summary>
    /// Replicates revocations through the table <c>public.cookiestate_revocations</c> (created if missing): each node holds
    /// every live revocation in memory (no I/O when a request is checked), appends its own with PostgreSQL's clock
    /// (<c>now()</c>), and reads what is new on a <c>NOTIFY</c> and at least every half of
    /// <see cref="CookieStateRevocationOptions.MaxPropagationDelay"/>. The connection string must reach PostgreSQL directly
    /// or through session pooling: <c>LISTEN</c> needs a connection of its own (docs/farm.md).
    /// </summary>
    /// <param name="builder">The builder <c>AddCookieStateRevocation()</c> returned.</param>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <returns>The builder.</returns>
    public static CookieStateRevocationBuilder UsePostgreSql(this CookieStateRevocationBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        return builder.UseRevocationLog(_ => new PostgreSqlRevocationLog(connectionString));
    }
}
