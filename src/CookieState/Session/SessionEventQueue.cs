using CookieState.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CookieState.Session;

/// <summary>
/// Queues lifecycle events seen inside synchronous <c>ISession</c> calls and raises them at the next asynchronous point
/// (commit, load, or the end of the request), in the order they happened, so no event handler ever runs sync-over-async.
/// </summary>
internal sealed class SessionEventQueue
{
    private readonly CookieStateOptions _options;
    private readonly ILogger _logger;
    private List<Func<HttpContext, Task>>? _pending;

    public SessionEventQueue(CookieStateOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
    }

    public void EnqueueStarted(string sessionId) =>
        Enqueue(context => _options.Events.SessionStarted(new CookieStateSessionStartedContext(context, _options, sessionId)));

    public void EnqueueEnded(string sessionId, CookieStateEndReason reason) =>
        Enqueue(context => _options.Events.SessionEnded(new CookieStateSessionEndedContext(context, _options, sessionId, reason)));

    public void EnqueueRejected(CookieStateRejectionReason reason, string? partition = null) =>
        Enqueue(context => _options.Events.Rejected(new CookieStateRejectedContext(context, _options, reason) { Partition = partition }));

    public async Task FlushAsync(HttpContext context)
    {
        while (_pending is { Count: > 0 })
        {
            var next = _pending[0];
            _pending.RemoveAt(0);
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                // Handlers observe; a failing one must not turn a session event into a failed response.
                CookieStateLog.EventHandlerFailed(_logger, ex);
            }
        }
    }

    private void Enqueue(Func<HttpContext, Task> raise) => (_pending ??= []).Add(raise);
}
