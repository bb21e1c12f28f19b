using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace CookieState.Tests.Security;

/// <summary>
/// Runs an FsCheck property from an xunit fact with a known seed, so that every failure can be replayed: the seed is
/// written to the test output and to the exception message, and <c>COOKIESTATE_FSCHECK_REPLAY=seed,gamma</c> reruns it.
/// </summary>
public static class PropertyRunner
{
    public const string ReplayVariable = "COOKIESTATE_FSCHECK_REPLAY";

    /// <summary>At least this many cases run for every property, in CI as locally.</summary>
    public const int DefaultCases = 1000;

    /// <summary>Checks <paramref name="body"/> for <paramref name="cases"/> generated values and returns how many ran.</summary>
    public static int Check<T>(ITestOutputHelper output, string name, Arbitrary<T> arbitrary, Action<T> body, int cases = DefaultCases)
    {
        var (seed, gamma) = ChooseSeed();
        var ran = 0;
        var config = Config.QuickThrowOnFailure
            .WithMaxTest(cases)
            .WithQuietOnSuccess(true)
            .WithName(name)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.None)));
        var replay = string.Create(CultureInfo.InvariantCulture, $"{ReplayVariable}={seed},{gamma}");
        output.WriteLine($"{name}: {cases} cases, replay with {replay}");
        try
        {
            FsCheck.Check.One(config, Prop.ForAll(arbitrary, value =>
            {
                ran++;
                body(value);
            }));
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"Property '{name}' failed; replay with {replay}.{Environment.NewLine}{ex.Message}");
        }

        output.WriteLine($"{name}: {ran} evaluations passed");
        Assert.True(ran >= cases, $"Only {ran} of {cases} cases ran.");
        return ran;
    }

    private static (ulong Seed, ulong Gamma) ChooseSeed()
    {
        var fixedReplay = Environment.GetEnvironmentVariable(ReplayVariable);
        if (!string.IsNullOrWhiteSpace(fixedReplay))
        {
            var parts = fixedReplay.Split(',');
            return (ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture));
        }

        // An odd gamma is what the splittable generator needs.
        return ((ulong)Random.Shared.NextInt64(), (ulong)Random.Shared.NextInt64() | 1);
    }
}
