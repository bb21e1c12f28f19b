using CookieState.Configuration;
using Microsoft.Extensions.Configuration;

namespace CookieState.Tests.Partitions;

/// <summary>Partitions from code and configuration, and the names the validator refuses.</summary>
public sealed class PartitionOptionsTests
{
    [Fact]
    public void Configuration_binds_partitions_as_a_list_in_index_order()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CookieState:Partitions:1"] = "prefs",
            ["CookieState:Partitions:0"] = "cart",
        }).Build().GetSection("CookieState");
        var options = new CookieStateOptions();
        CookieStateOptionsBinder.Bind(configuration, options);
        Assert.Equal(["cart", "prefs"], options.Partitions);
        Assert.True(new CookieStateOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void No_partition_is_the_default()
    {
        Assert.Empty(new CookieStateOptions().Partitions);
    }

    [Theory]
    [InlineData("Cart")]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("a.b")]
    [InlineData("cart:")]
    [InlineData("abcdefghijklmnopq")]
    public void A_name_outside_a_z_0_9_or_longer_than_16_is_refused(string name)
    {
        var options = new CookieStateOptions();
        options.Partitions.Add(name);
        var result = new CookieStateOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("is not a partition name", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicates_more_than_eight_and_names_that_read_as_another_partitions_chunk_are_refused()
    {
        var validator = new CookieStateOptionsValidator();
        var twice = new CookieStateOptions();
        twice.Partitions.Add("cart");
        twice.Partitions.Add("cart");
        Assert.Contains("listed twice", validator.Validate(null, twice).FailureMessage, StringComparison.Ordinal);

        var nine = new CookieStateOptions();
        foreach (var index in Enumerable.Range(0, 9))
        {
            nine.Partitions.Add($"p{index}");
        }

        Assert.Contains("at most 8", validator.Validate(null, nine).FailureMessage, StringComparison.Ordinal);

        var chunkLike = new CookieStateOptions();
        chunkLike.Partitions.Add("cart");
        chunkLike.Partitions.Add("cartc2");
        Assert.Contains("reads as a chunk cookie", validator.Validate(null, chunkLike).FailureMessage, StringComparison.Ordinal);

        var eight = new CookieStateOptions();
        foreach (var index in Enumerable.Range(0, 8))
        {
            eight.Partitions.Add($"p{index}");
        }

        Assert.True(validator.Validate(null, eight).Succeeded);
    }
}
