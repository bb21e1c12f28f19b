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
/// <param name="Lineage">
/// The id of the session's lineage: the first id the client received for this session, kept by <c>RegenerateId()</c>
/// after that, ended by <c>Abandon()</c>. Revocation keys on it, so that a copy of the cookies taken under an earlier id
/// ends with the session, and an app that revokes <c>ISession.Id</c> of a session that never changed its id still reaches
/// it. A header made without one (cookies sealed before version 4, an import) takes the session id.
/// </param>
/// <param name="User">The user the session is bound to, out of reach of the entries; <see langword="null"/> when unbound.</param>
/// <param name="PersistentSince">
/// When the session was made persistent (<c>SetPersistent</c>, "remember me"), or <see langword="null"/> for a
/// browser-session one. A persistent session's <see cref="IdleTimeout"/> is its sliding lifetime, and its absolute limit
/// counts <c>MaxPersistentLifetime</c> from this time instead of <c>AbsoluteTimeout</c> from <see cref="CreatedAt"/>.
/// </param>
internal readonly record struct SessionHeader(
    Guid Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset IssuedAt,
    TimeSpan? IdleTimeout,
    DateTimeOffset? ExpiresAt = null,
    Guid Lineage = default,
    SessionUser? User = null,
    DateTimeOffset? PersistentSince = null)
{
    /// <summary>A new session: a new id, which starts a new lineage.</summary>
    public static SessionHeader New(DateTimeOffset now)
    {
        var id = NewId();
        return new(id, now, now, null, Lineage: id);
    }

    /// <summary>The lineage; the session id when none was given, so that headers compare equal however they were made.</summary>
    public Guid Lineage { get; init; } = Lineage == Guid.Empty ? Id : Lineage;

    /// <summary>The lineage revocation keys on: <see cref="Lineage"/>, or the session id should it be empty.</summary>
    public Guid LineageId => Lineage == Guid.Empty ? Id : Lineage;

    /// <summary>128 bits from the cryptographic generator (<see cref="Guid.NewGuid"/> promises uniqueness, not secrecy).</summary>
    public static Guid NewId()
    {
        Span<byte> bytes = stackalloc byte[16];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new Guid(bytes);
    }

    /// <summary>The id as <c>ISession.Id</c> shows it.</summary>
    public string FormatId() => Id.ToString();

    /// <summary>The lineage id as revocation is given it.</summary>
    public string FormatLineageId() => LineageId.ToString();
}
