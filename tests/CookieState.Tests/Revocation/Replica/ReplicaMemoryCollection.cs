namespace CookieState.Tests.Revocation.Replica;

/// <summary>Runs <see cref="ReplicaMemoryTests"/> after the parallel tests, alone: the heap is the process's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReplicaMemoryCollection
{
    public const string Name = "Replica memory";
}
