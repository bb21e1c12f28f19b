namespace CookieState.Sample.Models;

/// <summary>The session inspector page.</summary>
/// <param name="SessionId">The session id.</param>
/// <param name="Entries">What the session holds.</param>
/// <param name="Info">CookieState's snapshot, or <see langword="null"/> under another session store.</param>
internal sealed record InspectorViewModel(string SessionId, IReadOnlyList<SessionEntry> Entries, CookieStateInfo? Info)
{
    public int TotalValueBytes => Entries.Sum(e => e.Size);

    /// <summary>The share of the cookie budget the state takes now, in percent.</summary>
    public double BudgetPercent => Info is null || Info.MaxCookieSize == 0 ? 0 : 100.0 * Info.CurrentSize / Info.MaxCookieSize;
}
