using CookieState.Diagnostics;
using CookieState.Format;

namespace CookieState.Session;

/// <summary>The lifecycle operations classic ASP had and <see cref="Microsoft.AspNetCore.Http.ISession"/> lacks.</summary>
internal sealed partial class RequestSession
{
    /// <summary>Gives the session a new id and keeps its data, as one should at sign-in against session fixation.</summary>
    public void RegenerateId()
    {
        EnsureCanChange();
        var newId = SessionHeader.NewId();
        CookieStateLog.SessionIdRegenerated(_services.Logger, Id, newId.ToString());
        _header = _header with { Id = newId };
        _id = null;
        _headerChanged = true;
    }

    /// <summary>Ends the session: its data is gone, its cookies are expired, and the next use starts a fresh id.</summary>
    public void Abandon()
    {
        EnsureCanChange();
        if (!_isNew)
        {
            var id = Id;
            CookieStateLog.SessionAbandoned(_services.Logger, id);
            _services.Metrics.Ended(CookieStateEndReason.Abandoned);
            _events.EnqueueEnded(id, CookieStateEndReason.Abandoned);
            if (_services.Revocation.Enabled)
            {
                // Copies of the abandoned cookies stay valid until this reaches the store, at the next commit or request end.
                (_pendingRevocations ??= []).Add(id);
            }
        }

        StartNewSession();
    }

    /// <summary>Gives this session its own idle timeout, sealed with it so that every node enforces it.</summary>
    public void SetIdleTimeout(TimeSpan timeout)
    {
        _services.Lifetime.ValidateIdleTimeout(timeout);

        // Sealed as whole milliseconds: the same value set again must compare equal, and be no change.
        timeout = TimeSpan.FromMilliseconds(Math.Floor(timeout.TotalMilliseconds));
        EnsureCanChange();
        if (_header.IdleTimeout == timeout)
        {
            return;
        }

        var previous = _header;
        _header = _header with { IdleTimeout = timeout };
        try
        {
            _services.Writer.EnsureFits(_context, _header, _entries!, changedKey: null, changedLength: 0);
        }
        catch
        {
            _header = previous;
            throw;
        }

        _headerChanged = true;
        CookieStateLog.IdleTimeoutChanged(_services.Logger, Id, timeout);
    }

    /// <summary>The idle timeout in force for this session: its own, or the configured one.</summary>
    public TimeSpan GetIdleTimeout()
    {
        Load();
        return _services.Lifetime.EffectiveIdleTimeout(_header);
    }

    public CookieStateInfo Inspect()
    {
        var entries = Load();
        var lifetime = _services.Lifetime;
        var (_, size, lengths) = _services.Writer.Measure(_context, lifetime.Reissue(_header), entries);
        var names = _services.Reader.Names;
        var cookies = _read?.Cookies;
        var requestCookies = new List<CookieStateCookie>();
        for (var index = 1; cookies is not null && index <= names.MaxChunkCount; index++)
        {
            if (cookies.Contains(index))
            {
                requestCookies.Add(new CookieStateCookie(names[index], cookies[index].Length));
            }
        }

        return new CookieStateInfo
        {
            SessionId = Id,
            IsNew = _isNew,
            CreatedAt = _header.CreatedAt,
            IssuedAt = _header.IssuedAt,
            IdleTimeout = lifetime.EffectiveIdleTimeout(_header),
            HasOwnIdleTimeout = _header.IdleTimeout is not null,
            IdleExpiresAt = lifetime.IdleExpiresAt(_header),
            AbsoluteExpiresAt = lifetime.AbsoluteExpiresAt(_header),
            RequestCookies = requestCookies,
            CurrentCookies = lengths.Select((length, i) => new CookieStateCookie(names[i + 1], length)).ToArray(),
            CurrentSize = size,
            MaxCookieSize = _services.Options.MaxCookieSize,
            Format = _read?.Format,
            WriteFormat = _services.Writer.Format.Kind,
            KeyId = _read?.KeyId,
            SealedWithOldKey = _read?.SealedWithOldKey ?? false,
            Rejection = _read?.Rejection,
            EndReason = _read?.EndReason,
            IsAvailable = !_unavailable,
        };
    }
}
