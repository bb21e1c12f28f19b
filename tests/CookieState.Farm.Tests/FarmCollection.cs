namespace CookieState.Farm.Tests;

/// <summary>Farm scenarios share one PostgreSQL and run one at a time: each starts its own nodes and nginx.</summary>
[CollectionDefinition(Name)]
public sealed class FarmCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "farm";
}
