namespace CookieState.Session;

/// <summary>What a commit does to the client's cookies.</summary>
internal enum CommitAction
{
    /// <summary>Nothing: the client keeps what it has, or has nothing and needs nothing.</summary>
    None,

    /// <summary>Seal the session and write its cookies: it changed, or a new session has something to keep.</summary>
    Write,

    /// <summary>Re-seal an unchanged session to slide its idle timeout.</summary>
    Refresh,

    /// <summary>Expire the cookies the request carried: they held nothing this session can keep.</summary>
    Expire,

    /// <summary>A refresh was due but the response had started: the cookie the client holds stays valid until it expires.</summary>
    RefreshTooLate,
}
