using System.Globalization;
using CookieState.Serialization;
using CookieState.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CookieState.Tests.Envelope;

/// <summary>
/// Changing formats never ends a session: every format is read whatever a node writes, a cookie in another format is
/// re-sealed at its next write, and the Data Protection format stays what earlier nodes read.
/// </summary>
public sealed class FormatUpgradeTests
{
    private static string FixturePath(string file) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "LandedBuild", file);

    [Fact]
    public async Task A_cookie_written_by_the_last_landed_build_is_read_and_resealed_in_the_envelope_format_at_its_next_write()
    {
        // Written by the sample site of the last landed build (Data Protection format, state version 1): its key ring and
        // one counter cookie, kept as a fixture.
        var keys = Directory.CreateTempSubdirectory("cookiestate-landed-").FullName;
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(FixturePath("cookie.txt"))!, "key-*.xml"))
        {
            File.Copy(file, Path.Combine(keys, Path.GetFileName(file)));
        }

        var issuedAt = DateTimeOffset.Parse(File.ReadAllText(FixturePath("issued-at.txt")).Trim(), CultureInfo.InvariantCulture);
        var clock = new FakeTimeProvider(issuedAt + TimeSpan.FromMinutes(1));
        await using var host = await SessionTestHost.StartAsync(keyDirectory: keys, clock: clock, applicationName: "CookieState.Sample");
        var cookie = File.ReadAllText(FixturePath("cookie.txt")).Trim().Split('=', 2);
        var jar = new CookieJar { [cookie[0]] = cookie[1] };

        using (var read = await host.GetAsync("/bytes/counter", jar))
        {
            Assert.Equal("00000001", await read.Content.ReadAsStringAsync());
            Assert.False(read.Headers.Contains("Set-Cookie"));
        }

        await host.GetStringAsync("/set/more/1", jar);

        Assert.StartsWith("E1.", jar[".CookieState"]);
        Assert.Equal("00000001", await host.GetStringAsync("/bytes/counter", jar));
    }

    [Fact]
    public async Task Nodes_writing_different_formats_read_each_others_cookies()
    {
        var keys = Directory.CreateTempSubdirectory("cookiestate-mixed-").FullName;
        await using var envelopeNode = await SessionTestHost.StartAsync(keyDirectory: keys);
        await using var legacyNode = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.DataProtection, keyDirectory: keys);
        var jar = new CookieJar();

        for (var i = 1; i <= 6; i++)
        {
            var node = i % 2 == 0 ? legacyNode : envelopeNode;
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), await node.GetStringAsync("/count", jar));
            Assert.StartsWith(i % 2 == 0 ? "1." : "E1.", jar[".CookieState"]);
        }
    }

    [Fact]
    public async Task The_Data_Protection_format_writes_what_earlier_nodes_read()
    {
        await using var host = await SessionTestHost.StartAsync(o => o.Format = CookieStateFormat.DataProtection);
        var jar = new CookieJar();
        await host.GetStringAsync("/set/a/1", jar);

        // {count}.{48-bit SHA-256 tag}.{base64url of a Data Protection payload under "CookieState.v1"}, holding state
        // version 1: the layout the landed build reads.
        var value = jar[".CookieState"]!;
        var parts = value.Split('.');
        Assert.Equal("1", parts[0]);
        Assert.Equal(Chunks.LegacyTag(parts[2]), parts[1]);
        var protector = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector(CookieStateDefaults.ProtectorPurpose);
        var plaintext = protector.Unprotect(System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]));
        Assert.Equal(BinaryStateCodec.Version1, plaintext[0]);
    }
}
