using CookieState.Revocation.Replica;
using Npgsql;
using NpgsqlTypes;

namespace CookieState.PostgreSql;

/// <summary>
/// The revocation log in PostgreSQL: one row per record, stamped with <c>now()</c> and its transaction id
/// (<c>pg_current_xact_id()</c>). Identity values are not commit-ordered (row 10 may commit after row 11 was read), so a
/// reader takes only rows of transactions below <c>pg_snapshot_xmin(pg_current_snapshot())</c>, which have all ended, in
/// (transaction id, row id) order: no row can later appear below a position read. Notices go through
/// <c>LISTEN</c>/<c>NOTIFY</c> on a dedicated connection (transaction pooling would break it), re-opened after a failure;
/// notices sent meanwhile are lost, which the poll covers. An epoch row beside the table names its history; a head
/// (<c>pg_snapshot_xmax</c>) below a node's position shows a failover to a replica that lagged.
/// </summary>
internal sealed class PostgreSqlRevocationLog : IRevocationLog, IAsyncDisposable
{
    public const string TableName = "cookiestate_revocations";
    public const string EpochTableName = "cookiestate_revocations_epoch";
    public const string Channel = "cookiestate_revocations";

    private const string Schema = $"""
        CREATE TABLE IF NOT EXISTS {TableName} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            kind smallint NOT NULL,
            key text NOT NULL,
            revoked_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL);
        CREATE INDEX IF NOT EXISTS {TableName}_position ON {TableName} (xid, id);
        CREATE TABLE IF NOT EXISTS {EpochTableName} (epoch text NOT NULL);
        INSERT INTO {EpochTableName} (epoch) SELECT md5(random()::text || clock_timestamp()::text)
            WHERE NOT EXISTS (SELECT 1 FROM {EpochTableName});
        """;

    private const string Append = $"""
        INSERT INTO {TableName} (kind, key, revoked_at, expires_at)
            VALUES ($1, $2, coalesce($3, now()), coalesce($4, now() + $5))
            RETURNING xid::text::bigint, id, revoked_at, expires_at
        """;

    private const string Notify = $"SELECT pg_notify('{Channel}', '')";

    private const string Read = $"""
        WITH snapshot AS (SELECT pg_current_snapshot() AS s)
        SELECT r.xid::text::bigint, r.id, r.kind, r.key, r.revoked_at, r.expires_at
            FROM {TableName} r, snapshot
            WHERE (r.xid::text::bigint, r.id) > ($1, $2) AND r.xid < pg_snapshot_xmin(snapshot.s)
            ORDER BY r.xid, r.id LIMIT $3;
        SELECT now(), (SELECT epoch FROM {EpochTableName} LIMIT 1), pg_snapshot_xmax(pg_current_snapshot())::text::bigint;
        """;

    private const string Trim = $"DELETE FROM {TableName} WHERE expires_at <= now();";

    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;

    public PostgreSqlRevocationLog(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public async Task<RevocationRecord> AppendAsync(RevocationAppend append, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var batch = _dataSource.CreateBatch();
        var insert = new NpgsqlBatchCommand(Append);
        insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)append.Kind });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = append.Key.ToString() });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)append.RevokedAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)append.ExpiresAt ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = append.Retention });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(Notify));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new RevocationRecord(
            append.Kind,
            append.Key,
            reader.GetFieldValue<DateTimeOffset>(2),
            reader.GetFieldValue<DateTimeOffset>(3),
            new RevocationLogPosition(reader.GetInt64(0), reader.GetInt64(1)));
    }

    public async Task<RevocationLogRead> ReadAsync(RevocationLogPosition after, int maxRecords, CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        var statements = Read.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        await using var batch = _dataSource.CreateBatch();
        var rows = new NpgsqlBatchCommand(statements[0]);
        rows.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Major });
        rows.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Minor });
        rows.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxRecords });
        batch.BatchCommands.Add(rows);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(statements[1]));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var records = new List<RevocationRecord>();
        var count = 0;
        var next = after;
        while (await reader.ReadAsync(cancellationToken))
        {
            count++;
            next = new RevocationLogPosition(reader.GetInt64(0), reader.GetInt64(1));
            var kind = (RevocationKind)reader.GetInt16(2);

            // A row of a shape this version does not know is skipped, not fatal.
            if (Enum.IsDefined(kind) && RevocationKey.TryParse(reader.GetString(3), out var key))
            {
                records.Add(new RevocationRecord(kind, key, reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), next));
            }
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var now = reader.GetFieldValue<DateTimeOffset>(0);
        var epoch = reader.IsDBNull(1) ? "(none)" : reader.GetString(1);
        var head = new RevocationLogPosition(reader.GetInt64(2), 0);
        return new RevocationLogRead(records, next, count >= maxRecords, epoch, head, now);
    }

    public async Task TrimAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken);
        await using var command = _dataSource.CreateCommand(Trim);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<IAsyncDisposable> SubscribeAsync(Action onNotice, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(new PostgreSqlNoticeListener(_dataSource, Channel, onNotice));

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await using var command = _dataSource.CreateCommand(Schema);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _schemaLock.Dispose();
    }
}
