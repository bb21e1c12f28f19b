namespace CookieState.Sample.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, the only browser the browser tests use: Playwright is pointed at it and never downloads its own.
/// </summary>
internal static class SystemChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Headless flags for a shared CI machine: no sandbox (root), no GPU, no background traffic.</summary>
    public static readonly string[] Args =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static void AssertInstalled() =>
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: apt-get install -y chromium");
}
