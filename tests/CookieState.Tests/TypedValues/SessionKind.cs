namespace CookieState.Tests.TypedValues;

/// <summary>Which <c>ISession</c> a <see cref="TypedSessionHost"/> runs.</summary>
public enum SessionKind
{
    /// <summary>CookieState: the value travels sealed in the response's cookies and back.</summary>
    CookieState,

    /// <summary>ASP.NET Core's own <c>DistributedSession</c> over the memory cache.</summary>
    BuiltIn,
}
