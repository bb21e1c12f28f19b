using CookieState.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CookieState.Session;

/// <summary>The commit: what the client must hold after this response, and nothing more.</summary>
internal sealed partial class RequestSession
{
    private void Commit(bool fromOnStarting)
    {
        if (_entries is not { } entries || _unavailable)
        {
            return;
        }

        var lifetime = _services.Lifetime;
        var changed = _headerChanged || entries.HasChanges;
        var refreshing = !_isNew && !changed && lifetime.IsRefreshDue(_header);
        var mustWrite = _isNew ? entries.Count > 0 : changed || refreshing;
        if (!mustWrite)
        {
            if (_expireClientCookies && (fromOnStarting || !_context.Response.HasStarted))
            {
                _services.Writer.Expire(_context, _clientChunks, replaceEarlierWrites: _wroteThisRequest);
                _clientChunks = 0;
                _expireClientCookies = false;
                _wroteThisRequest = true;
            }

            return;
        }

        if (_context.Response.HasStarted)
        {
            // Only a refresh can get here: changes after the start already threw.
            CookieStateLog.RefreshSkipped(_services.Logger, Id);
            return;
        }

        var header = lifetime.Reissue(_header);
        var written = _services.Writer.Write(_context, header, entries, _clientChunks, replaceEarlierWrites: _wroteThisRequest, out var count, out var size);
        _header = header;
        _clientChunks = written;
        _expireClientCookies = false;
        _wroteThisRequest = true;
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
