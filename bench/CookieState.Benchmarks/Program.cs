using BenchmarkDotNet.Running;
using CookieState.Benchmarks;

if (args is ["probe"])
{
    await Probe.RunAsync();
    return;
}

if (args is ["parts"])
{
    PartsProbe.Run();
    return;
}

if (args is ["loop", var kind, var size, var seconds])
{
    await Probe.LoopAsync(kind, int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(SessionBenchmarks).Assembly).Run(args);
