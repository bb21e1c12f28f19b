namespace CookieState.KeyPickup;

/// <summary>Where the pickup of an unknown key stands for one caller.</summary>
internal enum PickupState
{
    /// <summary>The key ring holds the key now.</summary>
    InRing,

    /// <summary>A lookup is running; await it (bounded) before reading the session.</summary>
    Pending,

    /// <summary>The key is remembered as absent from the key store, or the lookup budget is spent: an ordinary rejection.</summary>
    Refused,
}
