using Microsoft.AspNetCore.Http.Features;

namespace CookieState.Benchmarks;

/// <summary>
/// The part of a server a benchmark needs: <see cref="HttpResponseFeature"/> drops <c>OnStarting</c> callbacks, where
/// both session middlewares set their cookies, so this one keeps them and runs them when the response starts.
/// </summary>
public sealed class ServerResponseFeature : HttpResponseFeature
{
    private readonly List<(Func<object, Task> Callback, object State)> _onStarting = [];
    private bool _started;

    public override bool HasStarted => _started;

    public override void OnStarting(Func<object, Task> callback, object state) => _onStarting.Add((callback, state));

    /// <summary>Starts the response: the callbacks run last registered first, as Kestrel runs them.</summary>
    public async Task StartAsync()
    {
        if (_started)
        {
            return;
        }

        for (var i = _onStarting.Count - 1; i >= 0; i--)
        {
            await _onStarting[i].Callback(_onStarting[i].State);
        }

        _started = true;
    }
}
