namespace CookieState.Farm.Tests;

/// <summary>Prints farm results to the test output and appends them to a report file the test script shows.</summary>
public static class FarmReport
{
    private static readonly object Gate = new();

    public static void Write(ITestOutputHelper output, string scenario, FarmLoadResult result)
    {
        var line = $"farm: {scenario}: {result}";
        output.WriteLine(line);
        Console.WriteLine(line);
        var folder = Environment.GetEnvironmentVariable("COOKIESTATE_ARTIFACTS");
        if (!string.IsNullOrEmpty(folder))
        {
            lock (Gate)
            {
                Directory.CreateDirectory(folder);
                File.AppendAllText(Path.Combine(folder, "farm-report.txt"), line + Environment.NewLine);
            }
        }
    }
}
