using BenchmarkDotNet.Running;
using CookieState.Benchmarks;

var summaries = BenchmarkSwitcher.FromAssembly(typeof(SessionBenchmarks).Assembly).Run(args);

// A benchmark that fails to build or throws fails the process, so the dry run in scripts/test.sh catches it.
if (summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)))
{
    Environment.ExitCode = 1;
}
