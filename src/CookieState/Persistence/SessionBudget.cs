using System.Globalization;
using CookieState.Cookies;
using CookieState.Diagnostics;
using CookieState.Protection;
using CookieState.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CookieState.Persistence;

/// <summary>
/// The limits a session must stay within (key count, cookie budget, chunk count), checked from exact sizes without
/// sealing, and the <see cref="CookieStateOverflowException"/> that names the limit, the size and the largest keys.
/// </summary>
internal sealed class SessionBudget
{
    private readonly CookieStateOptions _options;
    private readonly CookieNames _names;
    private readonly CookieStateMetrics _metrics;
    private readonly ILogger _logger;

    public SessionBudget(IOptions<CookieStateOptions> options, CookieNames names, CookieStateMetrics metrics, ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _names = names;
        _metrics = metrics;
        _logger = loggerFactory.CreateLogger(CookieStateDiagnostics.SessionLogCategory);
    }

    /// <summary>
    /// Throws when a state with this header and these entries cannot fit. The sealed length is an upper bound (exact for the
    /// envelope format); with compression on, a state whose bound does not fit is compressed once to measure.
    /// </summary>
    public void EnsureFits(SessionFormat format, in SessionHeader header, SessionEntries entries, int attributesLength, string? changedKey, int changedLength, int overhead = 0)
    {
        if (entries.Count > _options.MaxKeyCount)
        {
            throw Overflow(CookieStateLimit.KeyCount, entries.Count, _options.MaxKeyCount, header, entries, changedKey, changedLength,
                $"The session already holds {entries.Count - 1} keys, the most CookieStateOptions.MaxKeyCount allows.");
        }

        var plan = Plan(format, format.GetMaxSealedLength(header, entries.Count, entries.Size), attributesLength);
        if (Fits(plan, overhead))
        {
            return;
        }

        if (format.Compresses)
        {
            plan = Plan(format, format.MeasureCompressedSealedLength(header, entries.Values, entries.Size), attributesLength);
            if (Fits(plan, overhead))
            {
                return;
            }
        }

        if (overhead > 0 && plan.Count <= _options.MaxChunkCount)
        {
            var total = plan.RequestHeaderLength + overhead;
            throw Overflow(CookieStateLimit.CookieSize, total, _options.MaxCookieSize, header, entries, changedKey, changedLength,
                $"The session state needs about {total} characters of cookies in all its partitions, over the CookieState budget of " +
                $"{_options.MaxCookieSize} (CookieStateOptions.MaxCookieSize covers every cookie set together).");
        }

        throw Overflow(plan, header, entries, changedKey, changedLength);
    }

    /// <summary>Throws when sealed text planned as <paramref name="plan"/> breaks the budget; returns the cookies' size.</summary>
    public int EnsureFits(in ChunkPlan plan, in SessionHeader header, SessionEntries entries)
    {
        var size = plan.RequestHeaderLength;
        if (plan.Count > _options.MaxChunkCount || size > _options.MaxCookieSize)
        {
            throw Overflow(plan, header, entries, changedKey: null, changedLength: 0);
        }

        return size;
    }

    public ChunkPlan Plan(SessionFormat format, int sealedLength, int attributesLength, CookieNames? names = null) =>
        ChunkPlan.Create(names ?? _names, sealedLength, format.Sealer.AllowsBareCookie, attributesLength, _options.ChunkSize);

    /// <summary>Throws when one cookie set of a partitioned session needs more chunks than allowed; returns its size.</summary>
    public int EnsureSetFits(in ChunkPlan plan, in SessionHeader header, SessionEntries entries)
    {
        if (plan.Count > _options.MaxChunkCount)
        {
            throw Overflow(plan, header, entries, changedKey: null, changedLength: 0);
        }

        return plan.RequestHeaderLength;
    }

    /// <summary>Throws when all cookie sets of a partitioned session together break <see cref="CookieStateOptions.MaxCookieSize"/>.</summary>
    public void EnsureTotalFits(int total, in SessionHeader header, SessionEntries entries)
    {
        if (total > _options.MaxCookieSize)
        {
            throw Overflow(CookieStateLimit.CookieSize, total, _options.MaxCookieSize, header, entries, null, 0,
                $"The session state needs about {total} characters of cookies in all its partitions, over the CookieState budget of " +
                $"{_options.MaxCookieSize} (CookieStateOptions.MaxCookieSize covers every cookie set together).");
        }
    }

    private bool Fits(in ChunkPlan plan, int overhead = 0) =>
        plan.Count <= _options.MaxChunkCount && plan.RequestHeaderLength + overhead <= _options.MaxCookieSize;

    private CookieStateOverflowException Overflow(in ChunkPlan plan, in SessionHeader header, SessionEntries entries, string? changedKey, int changedLength)
    {
        if (plan.Count > _options.MaxChunkCount)
        {
            return Overflow(CookieStateLimit.ChunkCount, plan.Count, _options.MaxChunkCount, header, entries, changedKey, changedLength,
                $"The session state needs {plan.Count} cookies of at most {_options.ChunkSize} characters, more than " +
                $"CookieStateOptions.MaxChunkCount ({_options.MaxChunkCount}) allows.");
        }

        var size = plan.RequestHeaderLength;
        return Overflow(CookieStateLimit.CookieSize, size, _options.MaxCookieSize, header, entries, changedKey, changedLength,
            $"The session state needs about {size} characters of cookies, over the CookieState budget of {_options.MaxCookieSize} " +
            $"(CookieStateOptions.MaxCookieSize, at most {_options.MaxChunkCount} cookies of {_options.ChunkSize}).");
    }

    private CookieStateOverflowException Overflow(
        CookieStateLimit limit, int size, int maximum, in SessionHeader header, SessionEntries entries, string? changedKey, int changedLength, string problem)
    {
        var largest = entries.Values
            .Select(e => new KeyValuePair<string, int>(e.Key, e.Key == changedKey ? changedLength : e.Value.Length))
            .OrderByDescending(e => e.Value)
            .Take(5)
            .ToArray();
        var largestText = string.Join(", ", largest.Select(e => string.Create(CultureInfo.InvariantCulture, $"'{e.Key}' ({e.Value} bytes)")));
        CookieStateLog.SessionOverflow(_logger, header.FormatId(), limit, size, maximum, largestText);
        _metrics.Overflow(limit);
        return new CookieStateOverflowException(
            limit,
            size,
            maximum,
            largest,
            $"{problem} Largest keys: {largestText}. Keep less in the session, or raise the limit within what your front ends " +
            "accept (nginx and Apache reject a request header line over 8 KB by default).");
    }
}
