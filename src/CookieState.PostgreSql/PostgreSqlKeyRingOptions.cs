namespace CookieState.PostgreSql;

/// <summary>
/// Where the Data Protection key ring is stored in PostgreSQL.
/// </summary>
public sealed class PostgreSqlKeyRingOptions
{
    /// <summary>The default table name, <c>cookiestate_dataprotection_keys</c>.</summary>
    public const string DefaultTableName = "cookiestate_dataprotection_keys";

    /// <summary>The default schema, <c>public</c>.</summary>
    public const string DefaultSchema = "public";

    /// <summary>
    /// The Npgsql connection string of the database that holds the key ring. Required.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The schema of the key table. It is created if missing. Defaults to <c>public</c>.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// The name of the key table. It is created if missing.
    /// Defaults to <c>cookiestate_dataprotection_keys</c>.
    /// </summary>
    public string TableName { get; set; } = DefaultTableName;
}
