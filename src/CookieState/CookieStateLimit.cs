namespace CookieState;

/// <summary>Which limit a <see cref="CookieStateOverflowException"/> reports.</summary>
public enum CookieStateLimit
{
    /// <summary>The cookies would exceed <see cref="CookieStateOptions.MaxCookieSize"/> characters.</summary>
    CookieSize = 1,

    /// <summary>The state would need more than <see cref="CookieStateOptions.MaxChunkCount"/> cookies.</summary>
    ChunkCount = 2,

    /// <summary>The session would hold more than <see cref="CookieStateOptions.MaxKeyCount"/> keys.</summary>
    KeyCount = 3,
}
