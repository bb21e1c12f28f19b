using CookieState.Migration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.AspNetCore.WebUtilities;

namespace CookieState.Session;

/// <summary>
/// Puts a CookieState session on <c>HttpContext.Session</c> for the rest of the pipeline. It does no work of its own until
/// the session is used: loading happens on first access, writing when the response starts. With revocation on, a request
/// that carries a session cookie is checked against the store before the endpoint runs. In migration mode a request that
/// carries the built-in session's cookie and none of ours has that session imported first.
/// </summary>
internal sealed class CookieStateMiddleware
{
    private static readonly object SessionItemKey = new();

    private readonly RequestDelegate _next;
    private readonly SessionServices _services;
    private readonly SessionMigrator? _migrator;

    public CookieStateMiddleware(RequestDelegate next, SessionServices services, IServiceProvider serviceProvider)
    {
        _next = next;
        _services = services;

        // Migration from the built-in session exists only when AddCookieStateMigration() registered it.
        _migrator = (SessionMigrator?)serviceProvider.GetService(typeof(SessionMigrator));
    }

    public async Task Invoke(HttpContext context)
    {
        // A re-executed pipeline (UseExceptionHandler, UseStatusCodePagesWithReExecute) keeps the session it already has,
        // so that one request loads once and commits one state, once.
        if (context.Items[SessionItemKey] is not CookieStateSession session)
        {
            session = new CookieStateSession(context, _services);
            context.Items[SessionItemKey] = session;
            context.Response.OnStarting(static state => ((CookieStateSession)state).OnStartingAsync(), session);

            // The old cookie's cheap header scan first: only then are our own cookies parsed to see whether the client moved over.
            if (_migrator is not null && _migrator.MayCarryOldCookie(context.Request)
                && await _migrator.MigrateAsync(context, session.CarriesCookies) is { } imported)
            {
                session.Import(imported);
            }

            await session.AwaitKeyPickupAsync();
            await session.PreloadAsync();
        }

        context.Features.Set<ISessionFeature>(new SessionFeature { Session = session });
        context.Features.Set<ICookieStateFeature>(session);
        try
        {
            if (_services.Options.BufferResponse)
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
        await session.FlushAsync();
    }

    /// <summary>
    /// Holds the body back (memory, then a temp file, up to a limit) so that the headers, and with them the session cookies,
    /// are sent only after the app has finished: classic ASP's <c>Response.Buffer = True</c>.
    /// </summary>
    private async Task InvokeBufferedAsync(HttpContext context)
    {
        var originalBody = context.Features.Get<IHttpResponseBodyFeature>()!;
        await using var buffer = new FileBufferingWriteStream(bufferLimit: _services.Options.ResponseBufferLimit);
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
