using Microsoft.AspNetCore.DataProtection;

namespace CookieState.KeyRing;

/// <summary>
/// Where the key ring lives. The one seam for key stores: each <c>--option</c> that names a store maps to one implementation
/// in <see cref="KeyRingArguments"/>, and <see cref="Configure"/> does what the nodes' startup code does for that store.
/// </summary>
internal interface IKeyStoreTarget
{
    /// <summary>A description for the output, without secrets (no passwords from connection strings).</summary>
    string Description { get; }

    /// <summary>Whether the store already exists; <c>status</c> reports a missing store rather than creating it.</summary>
    bool Exists();

    /// <summary>Points Data Protection at the store, as the nodes do (e.g. <c>PersistKeysToFileSystem</c>).</summary>
    void Configure(IDataProtectionBuilder builder);
}
