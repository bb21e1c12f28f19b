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

var summaries = BenchmarkSwitcher.FromAssembly(typeof(SessionBenchmarks).Assembly).Run(args);

// A benchmark that fails to build or throws fails the process, so the dry run in scripts/test.sh catches it.
if (summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)))
{
    Environment.ExitCode = 1;
}
