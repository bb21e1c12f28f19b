namespace CookieState.KeyRing;

/// <summary>Entry point: <c>init</c> or <c>status</c> of a farm's key ring. See <c>docs/keys.md</c>.</summary>
internal static class Program
{
    public static int Main(string[] args) => KeyRingCommand.Run(args, Console.Out, Console.Error, TimeProvider.System);
}
