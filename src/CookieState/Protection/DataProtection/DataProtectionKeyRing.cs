using System.Buffers.Binary;
using CookieState.KeyPickup;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;

namespace CookieState.Protection.DataProtection;

/// <summary>
/// Answers "is the key this payload names in the ring?" from Data Protection's cached key ring, before anything is
/// unprotected. An unknown key id therefore never reaches <c>Unprotect</c>, which would re-read the key store during its
/// first minutes after start-up (its auto-refresh window) and turn every forged key id into a store read; it goes to the
/// throttled <see cref="UnknownKeyPickup"/> instead. <see cref="IKeyRingProvider"/> is a semi-internal API, whose
/// behaviour (cached, no store read per call) a test pins.
/// </summary>
internal sealed class DataProtectionKeyRing
{
    // Data Protection payloads start with this magic number followed by the 16-byte key id.
    private const uint MagicHeader = 0x09F0C9F0;
    private const int HeaderLength = 4 + 16;

    private readonly IKeyRingProvider? _keyRingProvider;
    private readonly UnknownKeyPickup? _pickup;
    private readonly KeyRingRecheck? _recheck;

    public DataProtectionKeyRing(
        IDataProtectionProvider provider, IKeyRingProvider keyRingProvider, UnknownKeyPickup? pickup, KeyRingRecheck? recheck = null)
    {
        // The ring can answer only for the provider it backs: the default one. An ephemeral or custom provider keeps its keys
        // elsewhere, and then Data Protection alone decides (unknown keys then read as tampered payloads).
        if (IsKeyRingBased(provider))
        {
            _keyRingProvider = keyRingProvider;
            _pickup = pickup;
            _recheck = recheck;
        }
    }

    /// <summary>
    /// Asks Data Protection to reload its ring when the recheck interval is over, so that revocations made on other nodes
    /// reach this one (see <see cref="KeyRingRecheck"/>). Cheap: a clock read per call.
    /// </summary>
    public void RecheckIfDue() => _recheck?.RequestIfDue();

    /// <summary>Whether the cached ring marks <paramref name="keyId"/> revoked; <see langword="false"/> when it cannot say.</summary>
    public bool IsRevoked(Guid keyId)
    {
        try
        {
            return _keyRingProvider?.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(keyId, out var revoked) is not null && revoked;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>Whether the cached key ring is consulted; <see langword="false"/> for ephemeral or custom providers.</summary>
    public bool CanAnswer => _keyRingProvider is not null;

    /// <summary>Whether unknown keys are looked up in the key store (the pickup is on and can make the ring reload).</summary>
    public bool CanPickUp => _pickup is not null;

    /// <summary>
    /// The key new payloads are protected with, or <see langword="null"/> when there is no ring to ask or it cannot be
    /// built right now (Data Protection rethrows a failed background refresh to its next caller).
    /// </summary>
    public Guid? DefaultKeyId
    {
        get
        {
            try
            {
                return _keyRingProvider?.GetCurrentKeyRing().DefaultKeyId;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return null;
            }
        }
    }

    /// <summary>Reads the key id of a Data Protection payload.</summary>
    public static bool TryReadKeyId(ReadOnlySpan<byte> payload, out Guid keyId)
    {
        keyId = default;
        if (payload.Length < HeaderLength || BinaryPrimitives.ReadUInt32BigEndian(payload) != MagicHeader)
        {
            return false;
        }

        keyId = new Guid(payload.Slice(4, 16));
        return true;
    }

    /// <summary>Checks the key a payload names; an unknown id goes through the throttled pickup once.</summary>
    public KeyAvailability Check(ReadOnlySpan<byte> payload, out Guid keyId)
    {
        if (!TryReadKeyId(payload, out keyId))
        {
            return KeyAvailability.NotAPayload;
        }

        if (_keyRingProvider is null)
        {
            return KeyAvailability.Available;
        }

        RecheckIfDue();
        var availability = Find(keyId);
        if (availability == KeyAvailability.Unknown && _pickup is not null)
        {
            // Never waits: a lookup still running here (the middleware awaited it for ReloadTimeout already) leaves the ring
            // unable to vouch, so the session is unavailable rather than empty.
            availability = _pickup.Begin(keyId, out _) switch
            {
                PickupState.InRing => Find(keyId),
                PickupState.Pending => KeyAvailability.Unavailable,
                _ => KeyAvailability.Unknown,
            };
        }

        return availability;
    }

    /// <summary>
    /// When the cached ring lacks <paramref name="keyId"/>, starts (or joins) its lookup and returns it for the caller to
    /// await, bounded, before anything is read; <see langword="null"/> when there is nothing to wait for.
    /// </summary>
    public Task? PickUpIfUnknown(Guid keyId, CancellationToken cancellationToken)
    {
        if (_keyRingProvider is null || _pickup is null || Find(keyId) != KeyAvailability.Unknown)
        {
            return null;
        }

        return _pickup.Begin(keyId, out var lookup) == PickupState.Pending ? _pickup.AwaitAsync(lookup!, cancellationToken) : null;
    }

    private KeyAvailability Find(Guid keyId)
    {
        try
        {
            var encryptor = _keyRingProvider!.GetCurrentKeyRing().GetAuthenticatedEncryptorByKeyId(keyId, out var revoked);
            return encryptor is null ? KeyAvailability.Unknown : revoked ? KeyAvailability.Revoked : KeyAvailability.Available;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A ring that cannot be built (store down at start-up) vouches for nothing, and Unprotect would fail the same way.
            return KeyAvailability.Unavailable;
        }
    }

    // The default registration hands out the key ring's provider, or a protector made from it for the application
    // discriminator; both are internal types of Data Protection, so they are recognised by name (a test pins this).
    private static bool IsKeyRingBased(IDataProtectionProvider provider) =>
        provider.GetType().FullName is "Microsoft.AspNetCore.DataProtection.KeyManagement.KeyRingBasedDataProtectionProvider"
            or "Microsoft.AspNetCore.DataProtection.KeyManagement.KeyRingBasedDataProtector";
}
