namespace CookieState.Serialization;

/// <summary>
/// What every format seals next to the entries: the session id and the times the lifetime rules read. Nothing here is
/// trusted before the payload has been opened, and everything here is authenticated once it has.
/// </summary>
/// <param name="Id">The 128-bit random session id.</param>
/// <param name="CreatedAt">When the session started; the absolute timeout counts from here.</param>
/// <param name="IssuedAt">When this cookie was sealed; the idle timeout counts from here.</param>
/// <param name="IdleTimeout">The session's own idle timeout, or <see langword="null"/> for the configured one.</param>
/// <param name="ExpiresAt">
/// A deadline the cookie itself names (the JOSE format's <c>exp</c>), or <see langword="null"/>. It can only shorten this
/// cookie's idle window, never lengthen it, and it is not carried to the next cookie: re-issuing clears it.
/// </param>
internal readonly record struct SessionHeader(
    Guid Id, DateTimeOffset CreatedAt, DateTimeOffset IssuedAt, TimeSpan? IdleTimeout, DateTimeOffset? ExpiresAt = null)
{
    public static SessionHeader New(DateTimeOffset now) => new(NewId(), now, now, null);

    /// <summary>128 bits from the cryptographic generator (<see cref="Guid.NewGuid"/> promises uniqueness, not secrecy).</summary>
    public static Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes);
    }

    /// <summary>The id as <c>ISession.Id</c> shows it.</summary>
    public string FormatId() => Id.ToString();
}
