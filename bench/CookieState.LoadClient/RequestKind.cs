namespace CookieState.LoadClient;

/// <summary>What each measured request does to the session.</summary>
internal enum RequestKind
{
    /// <summary><c>POST /session/counter</c>: load, increment a counter, commit.</summary>
    Write,

    /// <summary><c>GET /session/counter</c>: load and read, change nothing.</summary>
    Read,
}
