namespace CookieState.Session;

/// <summary>
/// The commit rule as a pure function of the session's state, so that one table test covers every case. It decides only;
/// sealing and writing belong to the caller.
/// </summary>
internal static class CommitDecision
{
    /// <param name="isNew">The session was not read from the request's cookies (none, rejected, ended, abandoned).</param>
    /// <param name="changed">An entry differs from what was read, or the id or the session's own timeout changed.</param>
    /// <param name="hasContent">It holds an entry, or a timeout of its own the app asked for.</param>
    /// <param name="refreshDue">The sliding refresh threshold has passed since the cookie was issued.</param>
    /// <param name="requestHadCookies">The request carried session cookies (or anything posing as them).</param>
    /// <param name="keepClientCookies">Those cookies failed for a reason that may pass (an unknown key, a key ring down).</param>
    /// <param name="responseStarted">The response headers are already sent.</param>
    /// <param name="requestHadDuplicates">
    /// One of our names came more than once or in another case (cookie tossing): a host-only deletion would remove only the
    /// genuine cookie and leave the planted one to be read next, so nothing is expired.
    /// </param>
    public static CommitAction Decide(
        bool isNew, bool changed, bool hasContent, bool refreshDue, bool requestHadCookies, bool keepClientCookies, bool responseStarted,
        bool requestHadDuplicates)
    {
        // A new session is written once it holds something; an existing one when it changed or its refresh is due.
        var refreshing = !isNew && !changed && refreshDue;
        var mustWrite = isNew ? hasContent : changed || refreshing;
        if (!mustWrite)
        {
            // Whatever the client holds (rejected, expired, revoked or abandoned) goes, unless the failure was transient.
            return isNew && requestHadCookies && !keepClientCookies && !requestHadDuplicates ? CommitAction.Expire : CommitAction.None;
        }

        // Only a refresh can meet a started response: changes after the start throw where they are made.
        if (responseStarted)
        {
            return CommitAction.RefreshTooLate;
        }

        return refreshing ? CommitAction.Refresh : CommitAction.Write;
    }
}
