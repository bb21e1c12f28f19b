namespace CookieState.Tests.Architecture;

/// <summary>A type of one stage that references a type of another; types are named without their namespace.</summary>
internal sealed record TypeEdge(string FromStage, string FromType, string ToStage, string ToType)
{
    public static string Display(string stage) => stage.Length == 0 ? "(root)" : stage;

    public override string ToString() => $"{Display(FromStage)}/{FromType} → {Display(ToStage)}/{ToType}";
}
