namespace CookieState.Sample.Infrastructure;

/// <summary>A one-shot message shown on the next page, kept in the session instead of TempData's extra cookie.</summary>
internal static class Flash
{
    public static void Set(ISession session, string message) => session.SetString(SessionKeys.Flash, message);

    public static string? Pop(ISession session)
    {
        var message = session.GetString(SessionKeys.Flash);
        if (message is not null)
        {
            session.Remove(SessionKeys.Flash);
        }

        return message;
    }
}
