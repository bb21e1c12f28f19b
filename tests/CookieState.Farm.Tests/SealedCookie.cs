using System.Buffers.Binary;
using System.Buffers.Text;

namespace CookieState.Farm.Tests;

/// <summary>Reads the Data Protection key id out of a CookieState main cookie, as an operator debugging a farm would.</summary>
public static class SealedCookie
{
    public static Guid? KeyId(string mainCookieValue)
    {
        // {count}.{tag}.{base64url of the Data Protection payload}: magic (4 bytes) then the key id (16 bytes).
        var parts = mainCookieValue.Split('.', 3);
        if (parts.Length != 3 || parts[2].Length < 28)
        {
            return null;
        }

        var header = Base64Url.DecodeFromChars(parts[2].AsSpan(0, 28));
        return BinaryPrimitives.ReadUInt32BigEndian(header) == 0x09F0C9F0 ? new Guid(header.AsSpan(4, 16)) : null;
    }
}
