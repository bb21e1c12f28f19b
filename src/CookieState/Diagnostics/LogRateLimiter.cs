namespace CookieState.Diagnostics;

/// <summary>
/// Lets one log line per reason through per <see cref="Interval"/> and counts the rest, so that a client sending bad cookies
/// on every request cannot fill the logs; the metrics, which are cheap to aggregate, still count every event. The next
/// line written for a reason says how many were suppressed since the last one. Reasons are a small fixed set (a rejection
/// reason, a migration problem), so the table stays bounded whatever clients send.
/// </summary>
internal sealed class LogRateLimiter
{
    /// <summary>How often each reason is logged at most: once a minute.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();
    private readonly Dictionary<(int EventId, string Reason), Slot> _slots = [];

    public LogRateLimiter(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Whether a line of event <paramref name="eventId"/> for <paramref name="reason"/> may be written now; when it may,
    /// <paramref name="suppressed"/> is how many were held back since the last line written for that pair.
    /// </summary>
    public bool TryAcquire(int eventId, string reason, out long suppressed)
    {
        var key = (eventId, reason);
        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            if (_slots.TryGetValue(key, out var slot) && now < slot.NextAllowed)
            {
                slot.Suppressed++;
                _slots[key] = slot;
                suppressed = 0;
                return false;
            }

            suppressed = slot.Suppressed;
            _slots[key] = new Slot { NextAllowed = now + Interval };
            return true;
        }
    }

    private struct Slot
    {
        public DateTimeOffset NextAllowed;
        public long Suppressed;
    }
}
