namespace CookieState.LoadClient;

/// <summary>
/// The phases every user sees: warm-up (requests not counted), measuring, over. A request counts when it completes
/// while the window is open, so throughput is completions within a fixed span of time, whatever was in flight at
/// either edge.
/// </summary>
internal sealed class MeasurementWindow(int maxRequests)
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Over = 2;

    private readonly TaskCompletionSource _full = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _phase = WarmingUp;
    private int _counted;

    public bool IsOver => Volatile.Read(ref _phase) == Over;

    /// <summary>Completes when <c>maxRequests</c> have been counted, which ends the window early.</summary>
    public Task Full => _full.Task;

    public void Open() => Volatile.Write(ref _phase, Measuring);

    public void Close() => Volatile.Write(ref _phase, Over);

    /// <summary>Whether a request that just completed counts.</summary>
    public bool TryCount()
    {
        if (Volatile.Read(ref _phase) != Measuring)
        {
            return false;
        }

        if (Interlocked.Increment(ref _counted) >= maxRequests)
        {
            _full.TrySetResult();
        }

        return true;
    }
}
