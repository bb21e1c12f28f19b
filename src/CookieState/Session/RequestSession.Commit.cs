using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Session;

/// <summary>
/// The commit: decides what the client must hold after this response, and nothing more, and prepares those cookies. They
/// are emitted once, when the response starts; a later commit in the same request replaces what an earlier one prepared.
/// </summary>
internal sealed partial class RequestSession
{
    private void Commit()
    {
        if (_entries is not { } entries || _unavailable)
        {
            return;
        }

        var lifetime = _services.Lifetime;
        var changed = _headerChanged || entries.HasChanges;
        var refreshing = !_isNew && !changed && lifetime.IsRefreshDue(_header);

        // A new session is written once it holds something: data, or a timeout of its own the app asked for.
        var mustWrite = _isNew ? entries.Count > 0 || _header.IdleTimeout is not null : changed || refreshing;
        if (!mustWrite)
        {
            // Whatever the client holds (rejected, expired, revoked or abandoned) goes, unless the failure was transient.
            if (_isNew && RequestChunks != 0 && !KeepClientCookies)
            {
                _pending = _services.Writer.PrepareExpire(_context, RequestChunks);
            }

            return;
        }

        if (_context.Response.HasStarted)
        {
            // Only a refresh can get here: changes after the start already threw.
            CookieStateLog.RefreshSkipped(_services.Logger, Id, "the response had already started");
            return;
        }

        var header = lifetime.Reissue(_header);
        int count, size;
        try
        {
            _pending = _services.Writer.Prepare(_context, header, entries, RequestChunks, out count, out size);
        }
        catch (CookieStateOverflowException) when (refreshing)
        {
            // A state that fit when it was written but not under today's limits (lowered, compression turned off): the
            // cookie the client holds stays valid until it expires; no page fails for a refresh.
            CookieStateLog.RefreshSkipped(_services.Logger, Id, "it no longer fits the configured cookie limits");
            return;
        }

        _header = header;
        _headerChanged = false;
        entries.AcceptChanges();

        // Causal order, as the built-in session logs it: a new session is started, then committed.
        if (_isNew)
        {
            _isNew = false;
            CookieStateLog.SessionStarted(_services.Logger, Id);
            _services.Metrics.Started();
            _events.EnqueueStarted(Id);
        }

        if (_services.Logger.IsEnabled(LogLevel.Debug))
        {
            CookieStateLog.SessionCommitted(_services.Logger, Id, count, size);
            if (refreshing)
            {
                CookieStateLog.SessionRefreshed(_services.Logger, Id);
            }
        }

        _services.Metrics.Committed(size);
        if (refreshing)
        {
            _services.Metrics.Refreshed();
        }
    }
}
