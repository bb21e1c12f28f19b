using System.Security.Cryptography;
using CookieState.Diagnostics;
using CookieState.Lifetime;
using CookieState.Protection.DataProtection;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Protection.Envelope;

/// <summary>
/// The data keys of the envelope format: the one this node seals with, retired by age, by count and when Data Protection's
/// default key changes; and the ones it opens with, unwrapped once and cached. Every key expires (<see cref="DataKey.ExpiresAt"/>)
/// once no cookie sealed under it can still be live, and is then refused, this node's own included.
/// </summary>
internal sealed class DataKeyRing
{
    /// <summary>The Data Protection purpose data keys are wrapped under, apart from every payload's.</summary>
    public const string DataKeyPurpose = "CookieState.DataKey.v1";

    private readonly IDataProtector _wrapper;
    private readonly DataProtectionKeyRing _keyRing;
    private readonly CookieStateEnvelopeOptions _options;
    private readonly TimeSpan _keyValidity;
    private readonly TimeProvider _timeProvider;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;
    private readonly EnvelopeRandom _random;
    private readonly DataKeyCache _cache;
    private readonly Lock _rotation = new();
    private DataKey? _current;

    public DataKeyRing(
        IDataProtectionProvider provider,
        DataProtectionKeyRing keyRing,
        IOptions<CookieStateOptions> options,
        TimeProvider timeProvider,
        CookieStateMetrics metrics,
        ILoggerFactory loggerFactory,
        EnvelopeRandom random)
    {
        _random = random;
        _wrapper = provider.CreateProtector(DataKeyPurpose);
        _keyRing = keyRing;
        _options = options.Value.Envelope;
        _keyValidity = KeyValidity(options.Value);
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
        _keyRing.RecheckIfDue();
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

    /// <summary>Finds the key that <paramref name="wrapped"/> names: the current one, a cached one, or unwrapped once.</summary>
    public DataKeyLookup Find(ReadOnlySpan<byte> wrapped)
    {
        // The ring every key is checked against is reloaded at least once per DataKeyCacheLifetime, so a wrapping key revoked
        // anywhere is refused here within that (and the ring's rebuild) after the revocation.
        _keyRing.RecheckIfDue();
        var now = _timeProvider.GetUtcNow();
        var current = _current;

        // Bytes first: most cookies in a farm carry another node's key, and the retirement check reads the key ring.
        if (current is not null && wrapped.SequenceEqual(current.Wrapped) && now < current.ExpiresAt && RetireReason(current, now) is null)
        {
            return DataKeyLookup.Found(current, isCurrent: true);
        }

        if (_cache.TryGet(wrapped, now, out var cached))
        {
            // A memory read: the cached ring, reloaded at least once per DataKeyCacheLifetime (RecheckIfDue above).
            return _keyRing.IsRevoked(cached.WrappingKeyId)
                ? DataKeyLookup.Refused(CookieStateRejectionReason.KeyRevoked, cached.WrappingKeyId)
                : DataKeyLookup.Found(cached, isCurrent: false);
        }

        // The cached ring answers for the key id first: a forged id never reaches Unprotect or the key store.
        var availability = _keyRing.Check(wrapped, out var wrappingKeyId);
        switch (availability)
        {
            case KeyAvailability.NotAPayload:
                return DataKeyLookup.Refused(CookieStateRejectionReason.Malformed, default);
            case KeyAvailability.Unknown:
                return DataKeyLookup.Refused(CookieStateRejectionReason.UnknownKey, wrappingKeyId);
            case KeyAvailability.Revoked:
                return DataKeyLookup.Refused(CookieStateRejectionReason.KeyRevoked, wrappingKeyId);
            case KeyAvailability.Unavailable:
                return DataKeyLookup.Undecided(wrappingKeyId);
        }

        var wrappedCopy = wrapped.ToArray();
        var unwrapped = DataProtectionUnprotect.TryUnprotect(_wrapper, wrappedCopy, out _, out var rejection);
        if (unwrapped is null)
        {
            return DataKeyLookup.Refused(rejection, wrappingKeyId);
        }

        if (!WrappedDataKey.TryRead(unwrapped, out var material, out _, out var createdAt))
        {
            return DataKeyLookup.Refused(CookieStateRejectionReason.Malformed, wrappingKeyId);
        }

        // A version 1 key has no creation time, so nothing bounds it but the revocation of its wrapping key.
        var expiresAt = createdAt is { } created ? ExpiryOf(created) : DateTimeOffset.MaxValue;
        if ((createdAt is null && !_options.ReadV1DataKeys) || now >= expiresAt)
        {
            CryptographicOperations.ZeroMemory(material);
            return DataKeyLookup.Refused(CookieStateRejectionReason.KeyRevoked, wrappingKeyId);
        }

        var key = new DataKey(material, wrappedCopy, wrappingKeyId, now, expiresAt, sealsHere: false);
        _cache.Add(key, now);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            DataKeyLog.DataKeyUnwrapped(_logger, key.Id, wrappingKeyId);
        }

        _metrics.DataKeyUnwrapped();

        // A live current key was answered above, so whatever is unwrapped here is not the one this node seals with.
        return DataKeyLookup.Found(key, isCurrent: false);
    }

    private DataKey Create(DateTimeOffset now)
    {
        var material = new byte[DataKey.KeySize];
        _random.Fill(material);

        // The creation time as sealed (whole milliseconds), so that this node's expiry is the one every other node reads.
        var created = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        var version = _options.WriteDataKeyVersion;
        var plaintext = WrappedDataKey.Write(version, material, created);
        var wrapped = _wrapper.Protect(plaintext);
        CryptographicOperations.ZeroMemory(plaintext);
        DataProtectionKeyRing.TryReadKeyId(wrapped, out var wrappingKeyId);
        var expiresAt = version == WrappedDataKey.Version1 ? DateTimeOffset.MaxValue : ExpiryOf(created);
        var key = new DataKey(material, wrapped, wrappingKeyId, now, expiresAt, sealsHere: true, _random);
        _cache.Add(key, now);
        return key;
    }

    /// <summary>
    /// How long after its creation a data key can still have live cookies: it seals for up to <c>DataKeyLifetime</c>, a
    /// cookie sealed at the last moment lives for the longest idle window, and the sealing node's clock may lag this one's
    /// by <c>MaxClockSkew</c>. About 1.5 hours at the defaults.
    /// </summary>
    private static TimeSpan KeyValidity(CookieStateOptions options) =>
        options.Envelope.DataKeyLifetime + LongestIdleWindow(options) + options.MaxClockSkew;

    // The longest a cookie stays valid unused after its seal, for the largest per-session timeout (a persistent session's
    // lifetime when persistence is on), plus the second its issue time may be rounded up by when sealed.
    private static TimeSpan LongestIdleWindow(CookieStateOptions options) =>
        SessionLifetime.ValidityWindow(
            SessionLifetime.LongestIdleTimeout(options.MaxIdleTimeout ?? options.IdleTimeout, options.MaxPersistentLifetime),
            options.RefreshThreshold)
        + SessionLifetime.IssuePrecision;

    private DateTimeOffset ExpiryOf(DateTimeOffset created) =>
        DateTimeOffset.MaxValue - created <= _keyValidity ? DateTimeOffset.MaxValue : created + _keyValidity;

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

        // The key ring is cached by Data Protection: these read memory, not the key store. A revoked wrapping key retires the
        // data key at once, so this node neither seals with it nor takes it for its own current key on the way in.
        if (_keyRing.IsRevoked(key.WrappingKeyId))
        {
            return "wrapping key revoked";
        }

        return _keyRing.DefaultKeyId is { } defaultKeyId && defaultKeyId != key.WrappingKeyId
            ? "Data Protection default key changed"
            : null;
    }
}
