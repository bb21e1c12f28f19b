using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace CookieState;

/// <summary>The default seal: ASP.NET Core Data Protection under a versioned purpose, base64url-encoded.</summary>
internal sealed class DataProtectionPayloadProtector : ISessionPayloadProtector
{
    // Data Protection payloads start with this magic number followed by the 16-byte key id.
    private const uint DataProtectionMagicHeader = 0x09F0C9F0;
    private const int KeyIdOffset = 4;
    private const int KeyIdLength = 16;

    private static readonly System.Buffers.SearchValues<char> Base64UrlAlphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    private readonly IDataProtector _protector;
    private readonly IPersistedDataProtector? _persistedProtector;
    private readonly UnknownKeyPickup? _unknownKeyPickup;
    private int _fixedOverhead = -1;

    public DataProtectionPayloadProtector(IDataProtectionProvider provider, UnknownKeyPickup? unknownKeyPickup = null)
    {
        _protector = provider.CreateProtector(CookieStateDefaults.ProtectorPurpose);
        _persistedProtector = _protector as IPersistedDataProtector;
        _unknownKeyPickup = unknownKeyPickup;
    }

    public string Seal(ReadOnlySpan<byte> plaintext) => Base64Url.EncodeToString(_protector.Protect(plaintext.ToArray()));

    public PayloadOpenResult Open(string sealedText)
    {
        // The decoder also takes '=' padding and white space; refusing them keeps one encoding per payload.
        if (sealedText.AsSpan().ContainsAnyExcept(Base64UrlAlphabet))
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(sealedText);
        }
        catch (FormatException)
        {
            return PayloadOpenResult.Fail(CookieStateRejectionReason.Malformed);
        }

        var result = Unprotect(payload);
        if (result.Failure == CookieStateRejectionReason.UnknownKey
            && _unknownKeyPickup is not null
            && ReadKeyGuid(payload) is { } keyId
            && _unknownKeyPickup.TryPickUp(keyId))
        {
            // The key was created on another node after this one cached its key ring; it is loaded now, so try once more.
            result = Unprotect(payload);
        }

        return result;
    }

    private PayloadOpenResult Unprotect(byte[] payload)
    {
        var keyId = ReadKeyId(payload);
        try
        {
            if (_persistedProtector is null)
            {
                return PayloadOpenResult.Success(_protector.Unprotect(payload), keyId, sealedWithOldKey: false);
            }

            var plaintext = _persistedProtector.DangerousUnprotect(
                payload, ignoreRevocationErrors: true, out var requiresMigration, out var wasRevoked);
            return wasRevoked
                ? PayloadOpenResult.Fail(CookieStateRejectionReason.KeyRevoked, keyId)
                : PayloadOpenResult.Success(plaintext, keyId, requiresMigration);
        }
        catch (CryptographicException ex)
        {
            return PayloadOpenResult.Fail(IsUnknownKey(ex) ? CookieStateRejectionReason.UnknownKey : CookieStateRejectionReason.Tampered, keyId);
        }
    }

    public int GetMaxSealedLength(int plaintextLength)
    {
        if (_fixedOverhead < 0)
        {
            // Measured once rather than assumed, because the algorithm is the app's choice; 16 covers block padding.
            _fixedOverhead = _protector.Protect([]).Length + 16;
        }

        return (plaintextLength + _fixedOverhead + 2) / 3 * 4;
    }

    internal static string? ReadKeyId(ReadOnlySpan<byte> payload) => ReadKeyGuid(payload)?.ToString();

    internal static Guid? ReadKeyGuid(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < KeyIdOffset + KeyIdLength || BinaryPrimitives.ReadUInt32BigEndian(payload) != DataProtectionMagicHeader)
        {
            return null;
        }

        return new Guid(payload.Slice(KeyIdOffset, KeyIdLength));
    }

    // Data Protection has no exception type for a missing key; its message is the only signal.
    private static bool IsUnknownKey(CryptographicException ex) =>
        ex.Message.Contains("was not found in the key ring", StringComparison.OrdinalIgnoreCase);
}
