using System.Buffers.Text;
using CookieState.Jose.Protection;
using CookieState.Protection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CookieState.Jose.Configuration;

/// <summary>
/// Refuses, at startup, JOSE settings that could not work: every key well formed and long enough for the mode, ids unique,
/// the primary configured and always in force; and, when <see cref="CookieStateOptions.Format"/> writes JOSE, keys and a
/// primary present and compression off. Messages name keys by id, never by value.
/// </summary>
internal sealed class CookieStateJoseOptionsValidator(IServiceProvider services) : IValidateOptions<CookieStateJoseOptions>
{
    private const int EncryptedKeyLength = 64;
    private const int MinimumSignedKeyLength = 32;

    public ValidateOptionsResult Validate(string? name, CookieStateJoseOptions jose)
    {
        var failures = new List<string>();
        // Resolved here, not injected: the core's options validate the registered formats, whose JOSE codec reads these
        // options, so a constructor dependency would be a cycle.
        CookieStateOptions core;
        try
        {
            core = services.GetRequiredService<IOptions<CookieStateOptions>>().Value;
        }
        catch (OptionsValidationException)
        {
            // The core's own start-up validation reports it, once.
            return ValidateOptionsResult.Skip;
        }

        Validate(core, jose, (valid, message) =>
        {
            if (!valid)
            {
                failures.Add(message);
            }
        });

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => "Invalid CookieStateJoseOptions: " + f));
    }

    private static void Validate(CookieStateOptions options, CookieStateJoseOptions jose, Action<bool, string> check)
    {
        var writesJose = options.Format == CookieStateFormat.Jose;
        if (!writesJose && jose.Keys.Count == 0)
        {
            return;
        }

        check(Enum.IsDefined(jose.Mode), "Jose.Mode must be Encrypted or Signed.");
        check(!string.IsNullOrEmpty(jose.Audience), "Jose.Audience must be set.");
        check(!writesJose || jose.Keys.Count > 0,
            "Format is Jose, but Jose.Keys is empty: configure at least one key (CookieState:Jose:Keys:0:Id and :Key) and Jose.PrimaryKeyId.");
        check(!writesJose || (options.Compression == CookieStateCompression.None && options.PaddingBucket == 0),
            "Compression and PaddingBucket do not apply to the Jose format, whose payload is the plain JSON claims: turn them off.");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < jose.Keys.Count; index++)
        {
            var key = jose.Keys[index];
            if (key is null)
            {
                check(false, $"Jose.Keys[{index}] must be set.");
                continue;
            }

            var name = $"Jose.Keys[{index}] ('{(JoseKeyRing.IsValidKeyId(key.Id) ? key.Id : "?")}')";
            check(JoseKeyRing.IsValidKeyId(key.Id), $"Jose.Keys[{index}].Id must be 1 to 64 characters from A-Z a-z 0-9 . _ ~ -.");
            check(!JoseKeyRing.IsValidKeyId(key.Id) || ids.Add(key.Id), $"{name}: the id is used by another key.");
            check(key.NotBefore is null || key.NotAfter is null || key.NotBefore < key.NotAfter, $"{name}: NotBefore must come before NotAfter.");
            var length = SecretLength(key.Key);
            if (jose.Mode == CookieStateJoseMode.Signed)
            {
                check(length >= MinimumSignedKeyLength,
                    $"{name}: Key must be base64url (no padding) of at least 32 bytes for HS256.");
            }
            else
            {
                check(length == EncryptedKeyLength,
                    $"{name}: Key must be base64url (no padding) of exactly 64 bytes for A256CBC-HS512 (32 for HMAC-SHA-512, 32 for AES-256).");
            }
        }

        var primary = jose.PrimaryKeyId is { } primaryId ? jose.Keys.FirstOrDefault(k => k?.Id == primaryId) : null;
        check(!writesJose || jose.PrimaryKeyId is not null, "Format is Jose, but Jose.PrimaryKeyId is not set: name the key that seals new cookies.");
        check(jose.PrimaryKeyId is null || primary is not null, "Jose.PrimaryKeyId names no key in Jose.Keys.");
        check(primary is null || (primary.NotBefore is null && primary.NotAfter is null),
            "The primary JOSE key must have no NotBefore or NotAfter: it seals every new cookie, so it must open them for as long as it is " +
            "primary. Make another key primary before you retire this one (docs/jose.md, key rollout).");
    }

    /// <summary>The decoded length of a strict base64url secret, or -1.</summary>
    private static int SecretLength(string? key)
    {
        if (string.IsNullOrEmpty(key) || !Base64UrlText.IsValid(key) || key.Length % 4 == 1)
        {
            return -1;
        }

        if (key.Length > 4096)
        {
            return -1;
        }

        Span<byte> secret = stackalloc byte[Base64Url.GetMaxDecodedLength(key.Length)];
        var status = Base64Url.DecodeFromChars(key, secret, out _, out var written);
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(secret);
        return status == System.Buffers.OperationStatus.Done ? written : -1;
    }
}
