using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace CookieState;

/// <summary>
/// Puts a <see cref="CookieSession"/> on <c>HttpContext.Session</c> for the rest of the pipeline. It does no work of its own
/// until the session is used: loading happens on first access, writing when the response starts.
/// </summary>
internal sealed class CookieStateMiddleware
{
    private static readonly object SessionItemKey = new();

    private readonly RequestDelegate _next;
    private readonly SessionCookieStore _store;
    private readonly ILogger _logger;
    private readonly DistributedCacheSessionRevocation? _revocation;

    public CookieStateMiddleware(
        RequestDelegate next, SessionCookieStore store, ILogger<CookieStateMiddleware> logger, IServiceProvider services)
    {
        _next = next;
        _store = store;
        _logger = logger;

        // Registered only by AddCookieStateRevocation(): without it, no request ever reaches the cache.
        _revocation = (DistributedCacheSessionRevocation?)services.GetService(typeof(DistributedCacheSessionRevocation));
    }

    public async Task Invoke(HttpContext context)
    {
        // A re-executed pipeline (UseExceptionHandler, UseStatusCodePagesWithReExecute) keeps the session it already has,
        // so that one request loads once and commits one state, once.
        if (context.Items[SessionItemKey] is not CookieSession session)
        {
            session = new CookieSession(context, _store, new CookieStateEventDispatcher(_store.Options, _logger), _logger, _revocation);
            context.Items[SessionItemKey] = session;
            context.Response.OnStarting(static state => ((CookieSession)state).CommitOnStartingAsync(), session);

            if (_revocation is not null && context.Request.Cookies.ContainsKey(_store.Options.Cookie.Name ?? CookieStateDefaults.CookieName))
            {
                await session.PreloadAsync(context.RequestAborted);
            }
        }

        context.Features.Set<ISessionFeature>(new SessionFeature { Session = session });
        context.Features.Set<ICookieStateFeature>(session);
        try
        {
            if (_store.Options.BufferResponse)
            {
                await InvokeBufferedAsync(context);
            }
            else
            {
                await _next(context);
            }
        }
        finally
        {
            context.Features.Set<ISessionFeature>(null);
            context.Features.Set<ICookieStateFeature>(null);
        }

        // Revocations and events seen after the response started (a late load, say) have had no commit to carry them.
        await session.FlushRevocationsAsync(context.RequestAborted);
        await session.Events.FlushAsync(context);
    }

    /// <summary>
    /// Holds the body back (memory, then a temp file, up to a limit) so that the headers, and with them the session cookies,
    /// are sent only after the app has finished: classic ASP's <c>Response.Buffer = True</c>.
    /// </summary>
    private async Task InvokeBufferedAsync(HttpContext context)
    {
        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        await using var buffer = new FileBufferingWriteStream(bufferLimit: _store.Options.ResponseBufferLimit);
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await _next(context);
        }
        finally
        {
            context.Features.Set(originalBody);
        }

        await buffer.DrainBufferAsync(originalBody.Writer, context.RequestAborted);
    }
}
