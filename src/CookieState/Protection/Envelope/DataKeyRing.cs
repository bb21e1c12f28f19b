using System.Security.Cryptography;
using CookieState.Diagnostics;
using CookieState.Protection.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Protection.Envelope;

/// <summary>
/// The data keys of the envelope format: the one this node seals with, retired by age, by count and when Data Protection's
/// default key changes; and the ones it opens with, unwrapped once and cached.
/// </summary>
internal sealed class DataKeyRing
{
    private readonly IDataProtector _wrapper;
    private readonly IPersistedDataProtector? _persistedWrapper;
    private readonly DataProtectionKeyRing _keyRing;
    private readonly CookieStateEnvelopeOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly DataKeyCache _cache;
    private readonly Lock _rotation = new();
    private DataKey? _current;

    public DataKeyRing(
        IDataProtectionProvider provider,
        DataProtectionKeyRing keyRing,
        IOptions<CookieStateOptions> options,
        TimeProvider timeProvider,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory)
    {
        _wrapper = provider.CreateProtector(CookieStateDefaults.DataKeyPurpose);
        _persistedWrapper = _wrapper as IPersistedDataProtector;
        _keyRing = keyRing;
        _options = options.Value.Envelope;
        _timeProvider = timeProvider;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.DataKeyLogCategory);
        _cache = new DataKeyCache(_options.DataKeyCacheSize, _options.DataKeyCacheLifetime);
    }

    /// <summary>How many unwrapped keys the cache holds.</summary>
    public int CachedKeyCount => _cache.Count;

    /// <summary>The key to seal with now, making a new one when the current one is due to retire.</summary>
    public DataKey GetSealingKey()
    {
        var current = _current;
        var now = _timeProvider.GetUtcNow();
        if (current is not null && RetireReason(current, now) is null)
        {
            return current;
        }

        lock (_rotation)
        {
            current = _current;
            if (current is not null && RetireReason(current, now) is null)
            {
                return current;
            }

            var reason = current is null ? "first use" : RetireReason(current, now)!;
            var created = Create(now);
            DataKeyLog.DataKeyCreated(_logger, created.Id, created.WrappingKeyId, reason);
            _metrics.DataKeyCreated();
            _current = created;
            return created;
        }
    }

    /// <summary>Whether <paramref name="key"/> is the one new payloads are sealed with, and not due to retire.</summary>
    public bool IsCurrent(DataKey key) =>
        _current is { } current
        && (ReferenceEquals(key, current) || key.Wrapped.AsSpan().SequenceEqual(current.Wrapped))
        && RetireReason(current, _timeProvider.GetUtcNow()) is null;

    /// <summary>Finds the key that <paramref name="wrapped"/> names: from the cache, or unwrapped with Data Protection once.</summary>
    public DataKey? Find(ReadOnlySpan<byte> wrapped, out Guid wrappingKeyId, out CookieStateRejectionReason failure)
    {
        failure = default;
        var now = _timeProvider.GetUtcNow();
        if (_current is { } current && wrapped.SequenceEqual(current.Wrapped) && RetireReason(current, now) is null)
        {
            wrappingKeyId = current.WrappingKeyId;
            return current;
        }

        if (_cache.TryGet(wrapped, now, out var cached))
        {
            wrappingKeyId = cached.WrappingKeyId;
            return cached;
        }

        // The cached ring answers for the key id first: a forged id never reaches Unprotect or the key store.
        switch (_keyRing.Check(wrapped, out wrappingKeyId))
        {
            case KeyAvailability.NotAPayload:
                failure = CookieStateRejectionReason.Malformed;
                return null;
            case KeyAvailability.Unknown:
                failure = CookieStateRejectionReason.UnknownKey;
                return null;
            case KeyAvailability.Revoked:
                failure = CookieStateRejectionReason.KeyRevoked;
                return null;
        }

        var key = Unwrap(wrapped.ToArray(), wrappingKeyId, now, out failure);
        if (key is not null)
        {
            _cache.Add(key, now);
            DataKeyLog.DataKeyUnwrapped(_logger, key.Id, wrappingKeyId);
            _metrics.DataKeyUnwrapped();
        }

        return key;
    }

    private DataKey? Unwrap(byte[] wrapped, Guid wrappingKeyId, DateTimeOffset now, out CookieStateRejectionReason failure)
    {
        failure = default;
        byte[] material;
        try
        {
            if (_persistedWrapper is null)
            {
                material = _wrapper.Unprotect(wrapped);
            }
            else
            {
                material = _persistedWrapper.DangerousUnprotect(wrapped, ignoreRevocationErrors: true, out _, out var wasRevoked);
                if (wasRevoked)
                {
                    CryptographicOperations.ZeroMemory(material);
                    failure = CookieStateRejectionReason.KeyRevoked;
                    return null;
                }
            }
        }
        catch (CryptographicException)
        {
            failure = CookieStateRejectionReason.Tampered;
            return null;
        }

        if (material.Length != DataKey.KeySize)
        {
            CryptographicOperations.ZeroMemory(material);
            failure = CookieStateRejectionReason.Malformed;
            return null;
        }

        return new DataKey(material, wrapped, wrappingKeyId, now);
    }

    private DataKey Create(DateTimeOffset now)
    {
        var material = RandomNumberGenerator.GetBytes(DataKey.KeySize);
        var wrapped = _wrapper.Protect(material);
        DataProtectionKeyRing.TryReadKeyId(wrapped, out var wrappingKeyId);
        var key = new DataKey(material, wrapped, wrappingKeyId, now);
        _cache.Add(key, now);
        return key;
    }

    private string? RetireReason(DataKey key, DateTimeOffset now)
    {
        if (key.Seals >= _options.DataKeyMaxSeals)
        {
            return "seal count reached";
        }

        if (now - key.CreatedAt >= _options.DataKeyLifetime)
        {
            return "lifetime reached";
        }

        // The key ring is cached by Data Protection: this reads memory, not the key store.
        return _keyRing.DefaultKeyId is { } defaultKeyId && defaultKeyId != key.WrappingKeyId
            ? "Data Protection default key changed"
            : null;
    }
}
