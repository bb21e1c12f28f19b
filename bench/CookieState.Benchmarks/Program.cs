using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(CookieState.Benchmarks.SessionBenchmarks).Assembly).Run(args);
