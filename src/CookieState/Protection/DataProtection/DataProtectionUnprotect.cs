using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CookieState.Protection.DataProtection;

/// <summary>
/// Unprotects with the revocation flag read in the same pass (<see cref="IPersistedDataProtector.DangerousUnprotect"/>),
/// so that a revoked key is told apart from a tampered payload, for both formats that use Data Protection.
/// </summary>
internal static class DataProtectionUnprotect
{
    /// <summary>Returns the plaintext, or <see langword="null"/> with the reason it was refused.</summary>
    public static byte[]? TryUnprotect(IDataProtector protector, byte[] payload, out bool requiresMigration, out CookieStateRejectionReason rejection)
    {
        requiresMigration = false;
        rejection = default;
        try
        {
            if (protector is not IPersistedDataProtector persisted)
            {
                return protector.Unprotect(payload);
            }

            var plaintext = persisted.DangerousUnprotect(payload, ignoreRevocationErrors: true, out requiresMigration, out var wasRevoked);
            if (!wasRevoked)
            {
                return plaintext;
            }

            CryptographicOperations.ZeroMemory(plaintext);
            rejection = CookieStateRejectionReason.KeyRevoked;
            return null;
        }
        catch (CryptographicException)
        {
            // The key was in the ring (checked before), so the payload itself failed authentication. Without a ring to ask
            // (a custom provider) an unknown key lands here too: there is no signal to tell them apart but message text.
            rejection = CookieStateRejectionReason.Tampered;
            return null;
        }
    }
}
