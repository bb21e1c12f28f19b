using CookieState.Serialization;
using CookieState.Tests.Properties;
using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Security;

/// <summary>One change to a session: set a key, remove a key, or clear everything.</summary>
public sealed record SessionEdit(SessionEdit.Operation Kind, string Key, byte[] Value)
{
    public enum Operation
    {
        Set,
        Remove,
        Clear,
    }

    /// <summary>Makes this change to <paramref name="entries"/>.</summary>
    internal void ApplyTo(SessionEntries entries)
    {
        switch (Kind)
        {
            case Operation.Set:
                entries.Set(Key, Value);
                break;
            case Operation.Remove:
                entries.Remove(Key);
                break;
            default:
                entries.Clear();
                break;
        }
    }

    public override string ToString() => $"{Kind} [{string.Join(' ', Key.EnumerateRunes().Select(r => r.Value.ToString("X", System.Globalization.CultureInfo.InvariantCulture)))}] {Value.Length}B";

    /// <summary>Sequences of edits over a few keys, so that keys are set, replaced, removed and set again.</summary>
    public static Gen<SessionEdit[]> Generator()
    {
        var keys = Generators.ScalarText(8).SelectMany(k => Gen.Elements(k, "a", "b", "ü", "🍪"));
        var edit =
            from kind in Gen.Frequency((8, Gen.Constant(Operation.Set)), (3, Gen.Constant(Operation.Remove)), (1, Gen.Constant(Operation.Clear)))
            from key in keys
            from value in Gen.Frequency(
                (6, Gen.Choose(0, 200).SelectMany(n => Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), n))),
                (1, Gen.Choose(126, 20_000).Select(n => new byte[n])))
            select new SessionEdit(kind, key, value);
        return Gen.Choose(0, 40).SelectMany(n => Gen.ArrayOf(edit, n));
    }
}
