using System.Globalization;

namespace CookieState.LoadClient;

/// <summary><c>--name value</c> pairs; an option given twice keeps every value, in order.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(Dictionary<string, List<string>> values) => _values = values;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new UsageException($"expected '--name value' pairs, got '{args[i]}'");
            }

            var name = args[i][2..];
            if (!values.TryGetValue(name, out var list))
            {
                values[name] = list = [];
            }

            list.Add(args[i + 1]);
        }

        return new CommandLine(values);
    }

    public string? String(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list[^1] : null;
    }

    public string RequiredString(string name) => String(name) ?? throw new UsageException($"--{name} is required");

    public IReadOnlyList<string> All(string name)
    {
        _read.Add(name);
        return _values.TryGetValue(name, out var list) ? list : [];
    }

    public int Int(string name, int fallback, int min, int max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
    }

    public double Seconds(string name, double fallback, double min, double max)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a number of seconds from {min} to {max}, got '{text}'");
    }

    /// <summary>Fails on options nobody asked for, so a typo is not silently ignored.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _values.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
    }
}
