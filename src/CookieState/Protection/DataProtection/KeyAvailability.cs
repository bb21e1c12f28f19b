namespace CookieState.Protection.DataProtection;

/// <summary>What the cached key ring says about the key a Data Protection payload names.</summary>
internal enum KeyAvailability
{
    /// <summary>The key is in the ring (or there is no ring to ask, for a custom provider, and Data Protection decides).</summary>
    Available,

    /// <summary>The key is in the ring but revoked.</summary>
    Revoked,

    /// <summary>The key is not in the ring, and the throttled pickup did not find it either.</summary>
    Unknown,

    /// <summary>The bytes do not start with a Data Protection header.</summary>
    NotAPayload,

    /// <summary>The key ring could not be built (the key store is down): no key can be vouched for now.</summary>
    Unavailable,
}
