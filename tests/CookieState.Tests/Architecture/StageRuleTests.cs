namespace CookieState.Tests.Architecture;

public sealed class StageRuleTests
{
    private static readonly string[] BottomUp = ["", "Cookies", "Protection", "Protection/Jose", "Session"];

    [Fact]
    public void Edges_down_the_order_pass()
    {
        TypeEdge[] edges =
        [
            new("Session", "RequestSession", "Cookies", "CookieNames"),
            new("Protection/Jose", "JoseSealer", "Protection", "IPayloadSealer"),
            new("Cookies", "ChunkJoiner", "", "CookieStateRejectionReason"),
        ];

        Assert.Empty(StageRule.BackEdges(BottomUp, edges));
        Assert.Empty(StageRule.Cycles(edges));
    }

    [Fact]
    public void Every_edge_up_the_order_fails_once_and_sorted()
    {
        TypeEdge[] edges =
        [
            new("Session", "RequestSession", "Cookies", "CookieNames"),
            new("Protection", "SessionFormats", "Protection/Jose", "JoseStateCodec"),
            new("Cookies", "ChunkJoiner", "Protection", "SessionFormats"),
            new("Protection", "SessionFormats", "Protection/Jose", "JoseStateCodec"),
        ];

        var back = StageRule.BackEdges(BottomUp, edges);

        Assert.Equal(
            ["Cookies/ChunkJoiner → Protection/SessionFormats", "Protection/SessionFormats → Protection/Jose/JoseStateCodec"],
            back.Select(edge => edge.ToString()));
    }

    [Fact]
    public void Stages_that_reach_each_other_form_one_cycle_and_are_marked_in_the_report()
    {
        TypeEdge[] edges =
        [
            new("Session", "RequestSession", "Cookies", "CookieNames"),
            new("Cookies", "ChunkJoiner", "Protection", "SessionFormats"),
            new("Protection", "SessionFormats", "Session", "RequestSession"),
            new("Protection/Jose", "JoseSealer", "Protection", "IPayloadSealer"),
        ];

        var cycle = Assert.Single(StageRule.Cycles(edges));
        var report = StageRule.Report(BottomUp, edges);

        Assert.Equal(["Cookies", "Protection", "Session"], cycle);
        Assert.Contains("  Cookies → Protection [1] e.g. ChunkJoiner → SessionFormats  BACK  CYCLE", report, StringComparison.Ordinal);
        Assert.Contains("  Protection/Jose → Protection [1] e.g. JoseSealer → IPayloadSealer\n", report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Protection → Session", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_belongs_to_its_nearest_listed_folder_and_root_files_to_the_root()
    {
        Assert.Equal("Protection/Jose", SourceFolderMap.StageOf("Protection/Jose/JoseSealer.cs", BottomUp));
        Assert.Equal("Protection", SourceFolderMap.StageOf("Protection/Envelope/DataKey.cs", BottomUp));
        Assert.Equal("", SourceFolderMap.StageOf("CookieStateLimit.cs", BottomUp));
        Assert.Null(SourceFolderMap.StageOf("Migration/SessionMigrator.cs", BottomUp));
        Assert.Null(SourceFolderMap.StageOf("ProtectionX/Thing.cs", BottomUp));
    }
}
