using System.Runtime.InteropServices;

namespace CookieState.TestServers;

/// <summary>
/// Graceful stops by PID. .NET can only kill a process (SIGKILL); a graceful stop, which lets Redis flush its append-only
/// file and Kestrel drain its requests, needs SIGTERM.
/// </summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; false when the process is already gone.</summary>
    public static bool Terminate(int pid) => kill(pid, SigTerm) == 0;

    [DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code in a test helper for one int call.
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
