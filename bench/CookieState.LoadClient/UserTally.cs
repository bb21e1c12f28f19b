namespace CookieState.LoadClient;

/// <summary>What one user saw in the measured window. Only its own task writes it; it is read after the run.</summary>
internal sealed class UserTally
{
    public List<double> LatenciesMs { get; } = new(capacity: 4096);

    public long Requests { get; private set; }

    public long Failed { get; private set; }

    public long Mismatched { get; private set; }

    public long CookieHeaderBytes { get; private set; }

    public long SetCookieHeaderBytes { get; private set; }

    public void Succeeded(TimeSpan latency, int cookieHeaderBytes, int setCookieHeaderBytes)
    {
        Requests++;
        LatenciesMs.Add(latency.TotalMilliseconds);
        CookieHeaderBytes += cookieHeaderBytes;
        SetCookieHeaderBytes += setCookieHeaderBytes;
    }

    public void Fail() => Failed++;

    public void Mismatch() => Mismatched++;
}
