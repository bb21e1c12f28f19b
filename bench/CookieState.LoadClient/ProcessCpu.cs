using System.Globalization;
using System.Runtime.InteropServices;

namespace CookieState.LoadClient;

/// <summary>CPU time of another process, from <c>/proc/PID/stat</c> (utime + stime, all threads), on Linux.</summary>
internal static class ProcessCpu
{
    private const int ScClockTicks = 2; // _SC_CLK_TCK on Linux

    private static readonly Lazy<long> TicksPerSecond = new(() =>
    {
        try
        {
            var ticks = sysconf(ScClockTicks);
            return ticks > 0 ? ticks : 100;
        }
        catch (EntryPointNotFoundException)
        {
            return 100;
        }
        catch (DllNotFoundException)
        {
            return 100;
        }
    });

    /// <summary>The process's CPU time so far, or null when it cannot be read (no /proc, process gone).</summary>
    public static TimeSpan? Read(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
        // Field 3 (state) is then at index 0, so utime (field 14) is at 11 and stime (field 15) at 12.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / (double)TicksPerSecond.Value);
    }

    // C long is pointer-sized on Linux.
    [DllImport("libc")]
    private static extern nint sysconf(int name);
}
