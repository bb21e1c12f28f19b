namespace CookieState.Tests.TypedValues;

/// <summary>A record shaped like typical session data: scalars of every JSON kind, nullables, a list, a map, bytes.</summary>
public sealed record Basket(
    string Owner,
    int Items,
    long Points,
    decimal Total,
    double Ratio,
    bool Gift,
    DateTimeOffset CreatedAt,
    Guid Id,
    BasketSize Size,
    string? Note,
    TimeSpan? Hold,
    byte[] Token,
    List<BasketLine> Lines,
    Dictionary<string, int> Tags)
{
    /// <summary>Member by member, collections by content, instants with their offsets.</summary>
    public static void AssertSame(Basket expected, Basket? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Points, actual.Points);
        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.Ratio, actual.Ratio);
        Assert.Equal(expected.Gift, actual.Gift);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CreatedAt.Offset, actual.CreatedAt.Offset);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Size, actual.Size);
        Assert.Equal(expected.Note, actual.Note);
        Assert.Equal(expected.Hold, actual.Hold);
        Assert.Equal(expected.Token, actual.Token);
        Assert.Equal(expected.Lines, actual.Lines);
        Assert.Equal(expected.Tags.OrderBy(t => t.Key, StringComparer.Ordinal), actual.Tags.OrderBy(t => t.Key, StringComparer.Ordinal));
    }

    public override string ToString() =>
        $"Basket(owner {Owner.Length} chars, {Lines.Count} lines, {Tags.Count} tags, total {Total}, ratio {Ratio:R}, at {CreatedAt:O}, size {Size})";
}
