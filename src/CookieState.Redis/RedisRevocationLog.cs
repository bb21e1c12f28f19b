using System.Globalization;
using CookieState.Revocation.Replica;
using StackExchange.Redis;

namespace CookieState.Redis;

/// <summary>
/// The revocation log in Redis: a stream (<c>XADD</c> with ids Redis generates, read with a non-blocking <c>XREAD</c> from
/// the last id applied, trimmed with <c>XTRIM MINID</c>), an epoch key beside it, and a pub/sub channel for notices. Each
/// operation is one Lua script so that Redis' clock (<c>TIME</c>) stamps the record, and the epoch and stream are seen
/// together. Both keys share a hash tag, so the scripts run on Redis Cluster too. StackExchange.Redis multiplexes one
/// connection and never blocks it, hence a notice followed by a read rather than a blocking <c>XREAD</c>.
/// </summary>
internal sealed class RedisRevocationLog : IRevocationLog
{
    private const string Now = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS: stream, epoch. ARGV: kind, key, revokedAt or '', expiresAt or '', retention ms, new epoch, channel.
    private const string AppendScript = Now + """

        if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[6]) end
        local revoked = now
        if ARGV[3] ~= '' then revoked = tonumber(ARGV[3]) end
        local expires = now + tonumber(ARGV[5])
        if ARGV[4] ~= '' then expires = tonumber(ARGV[4]) end
        local r = string.format('%.0f', revoked)
        local e = string.format('%.0f', expires)
        local id = redis.call('XADD', KEYS[1], '*', 'k', ARGV[1], 'i', ARGV[2], 'r', r, 'e', e)
        redis.call('PUBLISH', ARGV[7], id)
        return {id, r, e}
        """;

    // KEYS: stream, epoch, import marker. ARGV: kind, key, revokedAt or '', expiresAt or '', retention ms, new epoch, channel.
    // The marker (SET NX, expiring with the record) makes the import idempotent across restarts and nodes importing at
    // once; the expiry is capped at the log's retention so that trimming by id time never drops a live record.
    private const string ImportScript = Now + """

        local cap = now + tonumber(ARGV[5])
        local expires = cap
        if ARGV[4] ~= '' then expires = math.min(tonumber(ARGV[4]), cap) end
        if expires <= now then return 0 end
        local e = string.format('%.0f', expires)
        if not redis.call('SET', KEYS[3], '1', 'NX', 'PXAT', e) then return 0 end
        if redis.call('EXISTS', KEYS[2]) == 0 then redis.call('SET', KEYS[2], ARGV[6]) end
        local revoked = now
        if ARGV[3] ~= '' then revoked = tonumber(ARGV[3]) end
        local id = redis.call('XADD', KEYS[1], '*', 'k', ARGV[1], 'i', ARGV[2], 'r', string.format('%.0f', revoked), 'e', e)
        redis.call('PUBLISH', ARGV[7], id)
        return 1
        """;

    // KEYS: stream, epoch. ARGV: after id, count, new epoch.
    private const string ReadScript = Now + """

        local epoch = redis.call('GET', KEYS[2])
        if not epoch then
          epoch = ARGV[3]
          redis.call('SET', KEYS[2], epoch)
        end
        local head = '0-0'
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local info = redis.call('XINFO', 'STREAM', KEYS[1])
          for i = 1, #info, 2 do
            if info[i] == 'last-generated-id' then head = info[i + 1] end
          end
        end
        local read = redis.call('XREAD', 'COUNT', ARGV[2], 'STREAMS', KEYS[1], ARGV[1])
        local entries = {}
        if read then entries = read[1][2] end
        return {string.format('%.0f', now), epoch, head, entries}
        """;

    // KEYS: stream. ARGV: retention ms. Every record expires within the retention of its id's time (a re-appended record
    // keeps an earlier expiry), so trimming ids older than now - retention drops only expired records.
    private const string TrimScript = Now + """

        return redis.call('XTRIM', KEYS[1], 'MINID', string.format('%.0f', now - tonumber(ARGV[1])))
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisKey[] _keys;
    private readonly RedisKey[] _streamKey;
    private readonly RedisChannel _channel;
    private readonly long _retentionMilliseconds;

    private readonly RedisCacheImport? _import;
    private bool _imported;

    public RedisRevocationLog(IConnectionMultiplexer connection, string keyPrefix, TimeSpan retention, RedisCacheImport? import = null)
    {
        _connection = connection;
        _import = import;
        var stream = "{" + keyPrefix + "revocations}";
        StreamKey = stream;
        EpochKey = stream + ":epoch";
        _keys = [StreamKey, EpochKey];
        _streamKey = [stream];
        _channel = RedisChannel.Literal(keyPrefix + "revocations");
        _retentionMilliseconds = (long)retention.TotalMilliseconds;
    }

    public string StreamKey { get; }

    public string EpochKey { get; }

    private IDatabase Database => _connection.GetDatabase();

    public async Task<RevocationRecord> AppendAsync(RevocationAppend append, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(AppendScript, _keys,
        [
            (int)append.Kind,
            append.Key.ToString(),
            append.RevokedAt is { } revokedAt ? revokedAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            append.ExpiresAt is { } expiresAt ? expiresAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            (long)append.Retention.TotalMilliseconds,
            NewEpoch(),
            _channel.ToString(),
        ]).WaitAsync(cancellationToken))!;
        return new RevocationRecord(
            append.Kind, append.Key, Milliseconds((string)result[1]!), Milliseconds((string)result[2]!), ParsePosition((string)result[0]!));
    }

    public async Task<RevocationLogRead> ReadAsync(RevocationLogPosition after, int maxRecords, CancellationToken cancellationToken)
    {
        // Before the first load reads the log, so that the node is not ready until the cache's revocations are in it. A
        // failed import fails the read: the replica stays loading and retries it with the next round.
        if (_import is not null && !_imported && after == RevocationLogPosition.Start)
        {
            await _import.RunAsync(this, cancellationToken);
            _imported = true;
        }

        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(ReadScript, _keys,
        [
            FormatPosition(after),
            maxRecords,
            NewEpoch(),
        ]).WaitAsync(cancellationToken))!;
        var entries = (RedisResult[])result[3]!;
        var records = new List<RevocationRecord>(entries.Length);
        var next = after;
        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            next = ParsePosition((string)parts[0]!);
            if (TryParseRecord(next, (RedisResult[])parts[1]!) is { } record)
            {
                records.Add(record);
            }
        }

        return new RevocationLogRead(
            records, next, entries.Length >= maxRecords, (string)result[1]!, ParsePosition((string)result[2]!), Milliseconds((string)result[0]!));
    }

    /// <summary>Appends an imported record unless it expired or was imported already; true when this call appended it.</summary>
    public async Task<bool> ImportAsync(RevocationAppend append, CancellationToken cancellationToken)
    {
        var key = append.Key.ToString();
        var result = await Database.ScriptEvaluateAsync(ImportScript, [StreamKey, EpochKey, ImportMarkerPrefix + key],
        [
            (int)append.Kind,
            key,
            append.RevokedAt is { } revokedAt ? revokedAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            append.ExpiresAt is { } expiresAt ? expiresAt.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            _retentionMilliseconds,
            NewEpoch(),
            _channel.ToString(),
        ]).WaitAsync(cancellationToken);
        return (long)result == 1;
    }

    /// <summary>Prefixes the marker of each imported key (same hash tag as the stream, so the script runs on a cluster).</summary>
    public string ImportMarkerPrefix => StreamKey + ":imported:";

    public async Task TrimAsync(CancellationToken cancellationToken) =>
        await Database.ScriptEvaluateAsync(TrimScript, _streamKey, [_retentionMilliseconds]).WaitAsync(cancellationToken);

    public async Task<IAsyncDisposable> SubscribeAsync(Action onNotice, CancellationToken cancellationToken)
    {
        var subscriber = _connection.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => onNotice();

        // The multiplexer re-subscribes by itself after a reconnect; notices sent meanwhile are lost, which the poll covers.
        await subscriber.SubscribeAsync(_channel, handler).WaitAsync(cancellationToken);
        return new Subscription(subscriber, _channel, handler);
    }

    private static RevocationRecord? TryParseRecord(RevocationLogPosition position, RedisResult[] fields)
    {
        string? kind = null, key = null, revoked = null, expires = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            var value = (string?)fields[i + 1];
            switch ((string?)fields[i])
            {
                case "k": kind = value; break;
                case "i": key = value; break;
                case "r": revoked = value; break;
                case "e": expires = value; break;
            }
        }

        // A record another version or a stray client wrote in a shape this one does not know is skipped, not fatal.
        return int.TryParse(kind, NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && Enum.IsDefined((RevocationKind)k)
            && RevocationKey.TryParse(key, out var revocationKey)
            && long.TryParse(revoked, NumberStyles.None, CultureInfo.InvariantCulture, out var r)
            && long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var e)
                ? new RevocationRecord((RevocationKind)k, revocationKey, DateTimeOffset.FromUnixTimeMilliseconds(r), DateTimeOffset.FromUnixTimeMilliseconds(e), position)
                : null;
    }

    private static string NewEpoch() => Guid.NewGuid().ToString("N");

    private static DateTimeOffset Milliseconds(string text) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));

    public static RevocationLogPosition ParsePosition(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return new RevocationLogPosition(
            long.Parse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture),
            long.Parse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }

    public static string FormatPosition(RevocationLogPosition position) =>
        string.Create(CultureInfo.InvariantCulture, $"{position.Major}-{position.Minor}");

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await subscriber.UnsubscribeAsync(channel, handler);
    }
}
