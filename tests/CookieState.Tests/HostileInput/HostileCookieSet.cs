using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.HostileInput;

/// <summary>
/// A Cookie header of up to 64 KB made of names around CookieState's own (the real names, chunk names in and far out of
/// range, leading zeros, case variants, duplicates) and junk values.
/// </summary>
public sealed record HostileCookieSet(string Header)
{
    public const int MaxLength = 64 * 1024;
    private const string ValueChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=%~";

    public override string ToString() => $"{Header.Length} characters, {Header.Count(c => c == ';') + 1} cookies: {Header[..Math.Min(200, Header.Length)]}…";

    public static Gen<HostileCookieSet> Generator()
    {
        var name = Gen.Frequency(
            (3, Gen.Constant(".CookieState")),
            (6, Gen.Choose(0, 3000).Select(i => ".CookieStateC" + i)),
            (1, Gen.Choose(2, 99).Select(i => ".CookieStateC0" + i)),
            (2, Gen.Choose(1, 40).Select(i => i == 1 ? ".cookiestate" : ".COOKIESTATEC" + i)),
            (1, Gen.Elements("other", "__Host-CookieState", ".CookieStateCart", "a")));
        var value = Gen.Frequency(
            (3, Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(Gen.Elements(ValueChars.ToCharArray()), n)).Select(c => new string(c))),
            (1, Gen.Choose(1, 20).Select(n => $"{n}.AAAAAAAA.{new string('x', n * 10)}")),
            (1, Gen.Choose(100, 4000).Select(n => "E1." + new string('A', n))));
        var cookie = Gen.Zip(name, value).Select(c => c.Item1 + "=" + c.Item2);
        return Gen.Choose(1, 3000)
            .SelectMany(n => Gen.ArrayOf(cookie, n))
            .Select(cookies =>
            {
                var header = new StringBuilder();
                foreach (var c in cookies)
                {
                    if (header.Length + c.Length + 2 > MaxLength)
                    {
                        break;
                    }

                    header.Append(header.Length == 0 ? string.Empty : "; ").Append(c);
                }

                return new HostileCookieSet(header.ToString());
            });
    }
}
