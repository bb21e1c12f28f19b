namespace CookieState;

/// <summary>The whole state of one session, as sealed into the cookies.</summary>
internal sealed class SessionState
{
    public SessionState(byte[] id, DateTimeOffset createdAt, DateTimeOffset issuedAt, Dictionary<string, byte[]> entries)
    {
        Id = id;
        CreatedAt = createdAt;
        IssuedAt = issuedAt;
        Entries = entries;
    }

    /// <summary>The 128-bit random session id.</summary>
    public byte[] Id { get; set; }

    /// <summary>When the session started; the absolute timeout counts from here.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the cookie was last written; the idle timeout counts from here.</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>The session entries; keys are case-sensitive, as in ASP.NET Core's session.</summary>
    public Dictionary<string, byte[]> Entries { get; }

    public static SessionState CreateNew(DateTimeOffset now) =>
        new(NewId(), now, now, new Dictionary<string, byte[]>(StringComparer.Ordinal));

    public static byte[] NewId() => System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);

    public static string FormatId(byte[] id) => new Guid(id).ToString();
}
