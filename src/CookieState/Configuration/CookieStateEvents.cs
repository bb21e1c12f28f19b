namespace CookieState;

/// <summary>
/// Lifecycle callbacks, in the style of ASP.NET Core's authentication events. Set the delegates, or derive and override.
/// They observe; they run when the session is committed or the request ends, never from a synchronous <c>ISession</c> call.
/// </summary>
public class CookieStateEvents
{
    /// <summary>Runs when a new session is first written to the client (classic ASP's <c>Session_OnStart</c>).</summary>
    public Func<CookieStateSessionStartedContext, Task> OnSessionStarted { get; set; } = _ => Task.CompletedTask;

    /// <summary>
    /// Runs when a session ends: abandoned by the app, or found expired when its cookie comes back. A stateless design has no
    /// server timer, so a session that is never sent again ends without this callback.
    /// </summary>
    public Func<CookieStateSessionEndedContext, Task> OnSessionEnded { get; set; } = _ => Task.CompletedTask;

    /// <summary>Runs when incoming session cookies are rejected (tampered, unknown key, malformed, oversized, …).</summary>
    public Func<CookieStateRejectedContext, Task> OnRejected { get; set; } = _ => Task.CompletedTask;

    /// <summary>Invokes <see cref="OnSessionStarted"/>.</summary>
    /// <param name="context">The event context.</param>
    public virtual Task SessionStarted(CookieStateSessionStartedContext context) => OnSessionStarted(context);

    /// <summary>Invokes <see cref="OnSessionEnded"/>.</summary>
    /// <param name="context">The event context.</param>
    public virtual Task SessionEnded(CookieStateSessionEndedContext context) => OnSessionEnded(context);

    /// <summary>Invokes <see cref="OnRejected"/>.</summary>
    /// <param name="context">The event context.</param>
    public virtual Task Rejected(CookieStateRejectedContext context) => OnRejected(context);
}
