namespace CookieState.Tests.Properties;

/// <summary>Text made of the characters sealed text is made of, up to 30,000 of them.</summary>
public sealed record SealedTextInput(string Text)
{
    public override string ToString() => $"{Text.Length} characters";
}
