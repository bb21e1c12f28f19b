namespace CookieState.Tests.Architecture;

public sealed class TypeReferencesTests
{
    private const string Probe = "CookieState.Tests.Architecture.ReferenceProbe+";

    private static readonly Lazy<IReadOnlySet<(string From, string To)>> ProbeReferences = new(() =>
        TypeReferences.Within(typeof(ReferenceProbe).Assembly, TypeReferences.SourceDeclared, out _));

    [Theory]
    [InlineData("BaseTarget")]
    [InlineData("IInterfaceTarget")]
    [InlineData("FieldTarget")]
    [InlineData("PropertyTarget")]
    [InlineData("GenericArgumentTarget")]
    [InlineData("ParameterTarget")]
    [InlineData("LambdaTarget")]
    [InlineData("CaptureTarget")]
    [InlineData("AsyncTarget")]
    [InlineData("IteratorTarget")]
    [InlineData("TokenTarget")]
    [InlineData("CastTarget")]
    [InlineData("CreateTarget")]
    [InlineData("LocalTarget")]
    [InlineData("AttributeTarget")]
    [InlineData("AttributeArgumentTarget")]
    public void Each_way_of_referencing_a_type_is_an_edge_of_the_declaring_type(string target)
    {
        var references = ProbeReferences.Value;

        Assert.Contains((Probe + "Subject", Probe + target), references);
    }

    [Fact]
    public void Compiler_generated_types_count_for_the_type_that_declares_them()
    {
        var references = ProbeReferences.Value;

        Assert.DoesNotContain(references, pair => pair.From.Contains('<', StringComparison.Ordinal));
        Assert.Equal("A.B", TypeReferences.TopLevel("A.B+C+<>c"));
        Assert.Equal("A.B+C", TypeReferences.SourceDeclared("A.B+C+<Run>d__4"));
    }
}
