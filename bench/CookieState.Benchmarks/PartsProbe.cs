using System.Diagnostics;
using System.Globalization;
using CookieState.Protection;
using CookieState.Protection.DataProtection;
using CookieState.Protection.Envelope;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace CookieState.Benchmarks;

/// <summary>The pieces of an envelope open, timed one by one: for finding where a request's time goes.</summary>
public static class PartsProbe
{
    public static void Run()
    {
        using var app = BenchmarkApp.CookieState(CookieStateFormat.Envelope);
        var services = app.Services;
        var sealer = services.GetServices<IPayloadSealer>().Single(s => s.Format == CookieStateFormat.Envelope);
        var dataKeys = services.GetRequiredService<DataKeyRing>();
        var keyRing = services.GetRequiredService<DataProtectionKeyRing>();
        var provider = services.GetRequiredService<IKeyRingProvider>();
        var plaintext = new byte[1100];
        using var sealedText = sealer.Seal(plaintext, DateTimeOffset.UtcNow);
        var text = sealedText.ToString();
        var wrapped = dataKeys.GetSealingKey().Wrapped;

        Time("GetCurrentKeyRing().DefaultKeyId", () => _ = provider.GetCurrentKeyRing().DefaultKeyId);
        Time("DataProtectionKeyRing.DefaultKeyId", () => _ = keyRing.DefaultKeyId);
        Time("DataKeyRing.GetSealingKey", () => _ = dataKeys.GetSealingKey());
        Time("DataKeyRing.Find (own key)", () => _ = dataKeys.Find(wrapped));
        Time("sealer.Open 1.1 KB", () =>
        {
            using var opened = sealer.Open(text);
        });
        Time("sealer.Seal 1.1 KB", () =>
        {
            using var again = sealer.Seal(plaintext, DateTimeOffset.UtcNow);
        });
        Time("TimeProvider.GetUtcNow", () => _ = TimeProvider.System.GetUtcNow());
    }

    private static void Time(string label, Action action)
    {
        for (var i = 0; i < 20_000; i++)
        {
            action();
        }

        const int Runs = 200_000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            action();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-40} {watch.Elapsed.TotalNanoseconds / Runs,10:F0} ns"));
    }
}
