using System.Text;
using CookieState.Cookies;
using Microsoft.Extensions.Options;

namespace CookieState.Persistence;

/// <summary>
/// Where each key lives when <see cref="CookieStateOptions.Partitions"/> is set: the keys of partition <c>p</c> (those that
/// start with <c>p:</c>) in the cookie set <c>{name}.p</c>, every other key in <c>{name}.-</c>, and the lifetime (the header
/// alone) in <c>{name}</c>. With no partition configured every key lives in <c>{name}</c>, as before partitions existed.
/// </summary>
internal sealed class PartitionLayout
{
    /// <summary>The set name of the keys of no partition.</summary>
    public const string Rest = "-";

    /// <summary>
    /// The reserved entry each content set seals its partition name in, so that a set renamed to another partition, or to
    /// the lifetime set, is refused.
    /// </summary>
    public const string MarkerKey = ".CookieState.Partition";

    /// <summary>Content sets read from one request, configured or not: enough for every node of a mixed farm, and bounded.</summary>
    public const int MaxSetsRead = 2 * 8 + 1;

    private readonly string _baseName;
    private readonly int _maxChunkCount;
    private readonly string[] _partitions;
    private readonly Dictionary<string, CookieNames> _names = new(StringComparer.Ordinal);

    public PartitionLayout(IOptions<CookieStateOptions> options, CookieNames names)
    {
        _baseName = names.BaseName;
        _maxChunkCount = names.MaxChunkCount;
        _partitions = [.. options.Value.Partitions];
        foreach (var set in Targets)
        {
            _names[set] = new CookieNames(SetCookieName(set), _maxChunkCount);
        }
    }

    /// <summary>Whether this node writes the partitioned layout.</summary>
    public bool IsEnabled => _partitions.Length > 0;

    /// <summary>The configured partitions.</summary>
    public IReadOnlyList<string> Partitions => _partitions;

    /// <summary>The content sets this node writes: the rest, then each partition; none when partitions are off.</summary>
    public IEnumerable<string> Targets => IsEnabled ? _partitions.Prepend(Rest) : [];

    /// <summary>The base cookie name; content sets are named <c>{BaseName}.{set}</c>.</summary>
    public string BaseName => _baseName;

    /// <summary>The content set <paramref name="key"/> lives in on this node, or <see langword="null"/> (the one set) with partitions off.</summary>
    public string? HomeOf(string key)
    {
        if (!IsEnabled)
        {
            return null;
        }

        foreach (var partition in _partitions)
        {
            if (key.Length > partition.Length && key[partition.Length] == ':' && key.StartsWith(partition, StringComparison.Ordinal))
            {
                return partition;
            }
        }

        return Rest;
    }

    /// <summary>
    /// Whether content set <paramref name="set"/> is opened only when a key of it is used: a partition this node configures,
    /// which only ever holds keys of that partition (every node that configures it writes only those keys there).
    /// </summary>
    public bool IsLazy(string set) => set != Rest && Array.IndexOf(_partitions, set) >= 0;

    /// <summary>The cookie names of content set <paramref name="set"/>; made on the spot for a set this node does not configure.</summary>
    public CookieNames NamesOf(string set) =>
        _names.TryGetValue(set, out var names) ? names : new CookieNames(SetCookieName(set), _maxChunkCount);

    /// <summary>Whether <paramref name="set"/> can name a content set: the rest, or a partition name.</summary>
    public static bool IsSetName(ReadOnlySpan<char> set) => CookieNames.IsSetName(set);

    /// <summary>The marker value sealed into content set <paramref name="set"/>.</summary>
    public static byte[] Marker(string set) => Encoding.ASCII.GetBytes(set);

    private string SetCookieName(string set) => string.Concat(_baseName, ".", set);
}
