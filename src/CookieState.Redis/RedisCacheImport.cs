using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CookieState.Revocation.Replica;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CookieState.Redis;

/// <summary>
/// Reads the revocations the per-request implementation left in a <c>Microsoft.Extensions.Caching.StackExchangeRedis</c>
/// cache and appends the live ones to the log. That cache keeps each entry as a hash under <c>{InstanceName}{key}</c> with
/// the value in <c>data</c> and the absolute expiry in <c>absexp</c> (UTC ticks, -1 when none), and sets the key's TTL; a
/// session revocation is <c>{prefix}sid:{lineage id}</c>, a user's is <c>{prefix}user:{base64url(sha256(user id))}</c>
/// holding the sign-out time in unix milliseconds (8 bytes, little-endian). Keys are listed with <c>SCAN</c> on every
/// primary, a bounded batch at a time, so Redis serves other clients between steps.
/// </summary>
internal sealed class RedisCacheImport
{
    private static readonly RedisValue[] Fields = ["absexp", "data"];

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly int _batchSize;
    private readonly ILogger _logger;

    public RedisCacheImport(IConnectionMultiplexer connection, string keyPrefix, int batchSize, ILogger logger)
    {
        _connection = connection;
        _prefix = keyPrefix;
        _batchSize = batchSize;
        _logger = logger;
    }

    /// <summary>The SCAN pattern: the prefix with glob characters escaped, then anything.</summary>
    public string Pattern => EscapeGlob(_prefix) + "*";

    /// <summary>Appends every live cached revocation not yet imported; returns how many this call appended.</summary>
    public async Task<int> RunAsync(RedisRevocationLog log, CancellationToken cancellationToken)
    {
        int scanned = 0, imported = 0;
        var batch = new List<RedisKey>(_batchSize);
        foreach (var server in _connection.GetServers())
        {
            // A replica holds the same keys as its primary; on a cluster each primary holds its own slots.
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: Pattern, pageSize: _batchSize).WithCancellation(cancellationToken))
            {
                batch.Add(key);
                if (batch.Count == _batchSize)
                {
                    scanned += batch.Count;
                    imported += await ImportBatchAsync(log, batch, cancellationToken);
                    batch.Clear();
                }
            }
        }

        scanned += batch.Count;
        imported += await ImportBatchAsync(log, batch, cancellationToken);
        RedisImportLog.Imported(_logger, imported, scanned, Pattern, scanned - imported);
        return imported;
    }

    private async Task<int> ImportBatchAsync(RedisRevocationLog log, List<RedisKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }

        // One pipelined round trip for the batch: the multiplexer sends every HMGET before any answer comes back.
        var database = _connection.GetDatabase();
        var reads = new Task<RedisValue[]>[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            reads[i] = database.HashGetAsync(keys[i], Fields);
        }

        await Task.WhenAll(reads).WaitAsync(cancellationToken);
        var imported = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            if (Parse(keys[i], reads[i].Result) is { } append
                && await log.ImportAsync(append, cancellationToken))
            {
                imported++;
            }
        }

        return imported;
    }

    /// <summary>The record a cache entry stands for, or null when it is gone (expired between SCAN and read) or not ours.</summary>
    internal RevocationAppend? Parse(RedisKey cacheKey, RedisValue[] fields)
    {
        var name = (string?)cacheKey;
        if (name is null || !name.StartsWith(_prefix, StringComparison.Ordinal) || fields[1].IsNull)
        {
            return null;
        }

        // No absolute expiry recorded: the log's retention from now applies (the script caps every expiry at it anyway).
        DateTimeOffset? expiresAt = long.TryParse((string?)fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
            && ticks > 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                ? new DateTimeOffset(ticks, TimeSpan.Zero)
                : null;
        var id = name.AsSpan(_prefix.Length);
        if (id.StartsWith("sid:", StringComparison.Ordinal) && Guid.TryParse(id[4..], out var lineage))
        {
            return new RevocationAppend(
                RevocationKind.Session, RevocationKey.For(RevocationKind.Session, lineage.ToString()), TimeSpan.Zero, ExpiresAt: expiresAt);
        }

        if (id.StartsWith("user:", StringComparison.Ordinal))
        {
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            byte[] stamp = fields[1]!;
            if (Base64Url.TryDecodeFromChars(id[5..], hash, out var written) && written == SHA256.HashSizeInBytes && stamp.Length == 8)
            {
                // The sign-out time is kept: sessions bound after it were never refused and must not be now.
                return new RevocationAppend(
                    RevocationKind.User,
                    RevocationKey.ForUserHash(hash),
                    TimeSpan.Zero,
                    DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(stamp)),
                    expiresAt);
            }
        }

        return null;
    }

    private static string EscapeGlob(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
