using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CookieState.PostgreSql;

/// <summary>
/// An <see cref="IXmlRepository"/> that keeps Data Protection key elements in a PostgreSQL table,
/// so every node of a farm reads and writes the same key ring.
/// </summary>
/// <remarks>
/// The table is created on first use. Writes are idempotent per friendly name
/// (<c>INSERT ... ON CONFLICT DO NOTHING</c> on a unique column), so concurrent nodes neither lose
/// nor duplicate elements; elements are returned in insertion order.
/// Database failures surface as <see cref="InvalidOperationException"/> whose message names the
/// host, port and database (never the password) and wraps the original <see cref="NpgsqlException"/>.
/// </remarks>
public sealed class PostgreSqlXmlRepository : IDeletableXmlRepository
{
    private readonly string _connectionString;
    private readonly string _schema;
    private readonly string _quotedSchema;
    private readonly long _advisoryLockKey;
    private readonly string? _host;
    private readonly int _port;
    private readonly string? _database;
    private readonly string? _username;
    private readonly string? _password;
    private readonly ILogger _logger;

    // Once the table is known to exist there is no need to look for it again on every call.
    private volatile bool _tableReady;

    /// <summary>
    /// Creates a repository for the table described by <paramref name="options"/>.
    /// </summary>
    /// <param name="options">Connection string, schema and table name. The values are copied.</param>
    /// <param name="loggerFactory">Optional logger factory.</param>
    /// <exception cref="ArgumentException">The options are incomplete or the connection string is malformed.</exception>
    public PostgreSqlXmlRepository(PostgreSqlKeyRingOptions options, ILoggerFactory? loggerFactory = null)
    {
        var builder = Validate(options);

        _connectionString = options.ConnectionString;
        _schema = options.Schema;
        _quotedSchema = QuoteIdentifier(options.Schema);
        QualifiedTableName = _quotedSchema + "." + QuoteIdentifier(options.TableName);
        _host = builder.Host;
        _port = builder.Port;
        _database = builder.Database;
        _username = builder.Username;
        _password = builder.Password;
        _advisoryLockKey = ComputeLockKey(QualifiedTableName);
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<PostgreSqlXmlRepository>();
    }

    /// <summary>
    /// The quoted, schema-qualified name of the key table, for example <c>"public"."cookiestate_dataprotection_keys"</c>.
    /// </summary>
    public string QualifiedTableName { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The database could not be reached or used.</exception>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var rows = ReadRows();
        var elements = new XElement[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            elements[i] = rows[i].Element;
        }

        return elements;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Storing a second element under an existing friendly name keeps the first one: Data Protection
    /// names are unique per key, so a repeat is a retry or a race between nodes, never a new key.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The database could not be reached or used.</exception>
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);

        // The contract allows a missing name; a random one keeps the unique column meaningful.
        var name = string.IsNullOrWhiteSpace(friendlyName) ? Guid.NewGuid().ToString("N") : friendlyName;
        var xml = element.ToString(SaveOptions.DisableFormatting);

        var inserted = Execute(connection =>
        {
            using var command = new NpgsqlCommand(
                $"INSERT INTO {QualifiedTableName} (friendly_name, xml) VALUES (@name, @xml) ON CONFLICT (friendly_name) DO NOTHING",
                connection);
            command.Parameters.AddWithValue("name", name);
            command.Parameters.AddWithValue("xml", xml);
            return command.ExecuteNonQuery() == 1;
        });

        if (inserted)
        {
            PostgreSqlKeyRingLog.ElementStored(_logger, name, QualifiedTableName);
        }
        else
        {
            PostgreSqlKeyRingLog.DuplicateElementIgnored(_logger, name, QualifiedTableName);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The chosen rows are deleted in <see cref="IDeletableElement.DeletionOrder"/> inside one
    /// transaction, so a failure deletes nothing. Rows another node already deleted count as deleted.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The snapshot could not be read from the database.</exception>
    public bool DeleteElements(Action<IReadOnlyCollection<IDeletableElement>> chooseElements)
    {
        ArgumentNullException.ThrowIfNull(chooseElements);

        var snapshot = ReadRows()
            .Select(row => new PostgreSqlDeletableElement(row.Id, row.FriendlyName, row.Element))
            .ToList();

        chooseElements(snapshot);

        // OrderBy is stable, so equal orders keep snapshot (insertion) order.
        var chosen = snapshot
            .Where(element => element.DeletionOrder.HasValue)
            .OrderBy(element => element.DeletionOrder!.Value)
            .ToList();
        if (chosen.Count == 0)
        {
            return true;
        }

        try
        {
            Execute(connection =>
            {
                using var transaction = connection.BeginTransaction();
                foreach (var element in chosen)
                {
                    using var command = new NpgsqlCommand($"DELETE FROM {QualifiedTableName} WHERE id = @id", connection, transaction);
                    command.Parameters.AddWithValue("id", element.Id);
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                return true;
            });
        }
        catch (InvalidOperationException exception)
        {
            PostgreSqlKeyRingLog.DeleteFailed(_logger, QualifiedTableName, exception);
            return false;
        }

        foreach (var element in chosen)
        {
            PostgreSqlKeyRingLog.ElementDeleted(_logger, element.FriendlyName, QualifiedTableName);
        }

        return true;
    }

    /// <summary>Checks options and parses the connection string; shared with the registration extension.</summary>
    internal static NpgsqlConnectionStringBuilder Validate(PostgreSqlKeyRingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Schema);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.TableName);

        try
        {
            return new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException)
        {
            // The builder's own message may echo the offending value, which could be a password.
            throw new ArgumentException(
                "The PostgreSQL key ring connection string is not a valid Npgsql connection string.",
                nameof(options));
        }
    }

    private List<(long Id, string FriendlyName, XElement Element)> ReadRows()
    {
        var rows = Execute(connection =>
        {
            using var command = new NpgsqlCommand(
                $"SELECT id, friendly_name, xml FROM {QualifiedTableName} ORDER BY id",
                connection);
            using var reader = command.ExecuteReader();
            var result = new List<(long, string, XElement)>();
            while (reader.Read())
            {
                result.Add((reader.GetInt64(0), reader.GetString(1), XElement.Parse(reader.GetString(2))));
            }

            return result;
        });

        PostgreSqlKeyRingLog.ElementsRead(_logger, rows.Count, QualifiedTableName);
        return rows;
    }

    private T Execute<T>(Func<NpgsqlConnection, T> action)
    {
        try
        {
            using var connection = new NpgsqlConnection(_connectionString);
            connection.Open();
            EnsureTable(connection);
            return action(connection);
        }
        catch (NpgsqlException exception)
        {
            PostgreSqlKeyRingLog.KeyStoreUnavailable(_logger, QualifiedTableName, _database, _host, _port, exception);
            throw CreateUnavailableException(exception);
        }
    }

    private void EnsureTable(NpgsqlConnection connection)
    {
        if (_tableReady)
        {
            return;
        }

        // Look first without locking: usually the table exists, and the user may lack CREATE rights.
        if (!TableExists(connection))
        {
            var created = false;
            using (var transaction = connection.BeginTransaction())
            {
                // Concurrent CREATE TABLE IF NOT EXISTS can still fail on the catalog's unique index,
                // so nodes serialise creation on a transaction-scoped advisory lock.
                using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
                {
                    lockCommand.Parameters.AddWithValue("key", _advisoryLockKey);
                    lockCommand.ExecuteNonQuery();
                }

                // Another node may have created it while this one waited for the lock.
                if (!TableExists(connection, transaction))
                {
                    if (!SchemaExists(connection, transaction))
                    {
                        ExecuteNonQuery(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {_quotedSchema}");
                    }

                    ExecuteNonQuery(connection, transaction, $"""
                        CREATE TABLE IF NOT EXISTS {QualifiedTableName} (
                            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                            friendly_name text NOT NULL UNIQUE,
                            xml text NOT NULL,
                            created_at timestamptz NOT NULL DEFAULT now()
                        )
                        """);
                    created = true;
                }

                transaction.Commit();
            }

            if (created)
            {
                PostgreSqlKeyRingLog.KeyTableCreated(_logger, QualifiedTableName, _database, _host, _port);
            }
        }

        _tableReady = true;
    }

    private bool TableExists(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction);
        command.Parameters.AddWithValue("name", QualifiedTableName);
        return (bool)command.ExecuteScalar()!;
    }

    private bool SchemaExists(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = @schema)", connection, transaction);
        command.Parameters.AddWithValue("schema", _schema);
        return (bool)command.ExecuteScalar()!;
    }

    private static void ExecuteNonQuery(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.ExecuteNonQuery();
    }

    private InvalidOperationException CreateUnavailableException(NpgsqlException exception)
    {
        var cause = exception.Message;
        if (!string.IsNullOrEmpty(_password))
        {
            // Belt and braces: no driver message should carry the password, but never let one through.
            cause = cause.Replace(_password, "***", StringComparison.Ordinal);
        }

        var user = string.IsNullOrEmpty(_username) ? "(the operating system user)" : $"'{_username}'";
        var database = string.IsNullOrEmpty(_database) ? "(default database)" : $"'{_database}'";
        var message =
            $"The PostgreSQL Data Protection key store could not be used: table {QualifiedTableName} in database {database} " +
            $"on host '{_host}' port {_port}. Check that the PostgreSQL server is running and reachable from this machine " +
            $"(host, port, firewall), that the database exists, and that user {user} can log in and may create, read and " +
            $"write the key table. Cause: {cause}";
        return new InvalidOperationException(message, exception);
    }

    private static string QuoteIdentifier(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // A stable 64-bit key per table; string.GetHashCode is randomised per process and useless across nodes.
    private static long ComputeLockKey(string qualifiedTableName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("CookieState.PostgreSql:" + qualifiedTableName));
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
