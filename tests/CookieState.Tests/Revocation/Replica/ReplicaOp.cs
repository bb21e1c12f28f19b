using FsCheck;
using FsCheck.Fluent;

namespace CookieState.Tests.Revocation.Replica;

/// <summary>One step of a farm's life around a revocation log, for <see cref="ReplicaPropertyTests"/>.</summary>
public sealed record ReplicaOp(ReplicaOpKind Kind, int Node, int Value, bool Flag)
{
    public const int Nodes = 3;

    public static Gen<ReplicaOp[]> Generator() =>
        Gen.Frequency(
                (6, Op(ReplicaOpKind.Revoke)),
                (8, Op(ReplicaOpKind.Sync)),
                (2, Op(ReplicaOpKind.HoldBackCommits)),
                (2, Op(ReplicaOpKind.Commit)),
                (2, Op(ReplicaOpKind.Duplicate)),
                (1, Op(ReplicaOpKind.Trim)),
                (1, Op(ReplicaOpKind.LoseHistory)),
                (1, Op(ReplicaOpKind.Restart)),
                (3, Op(ReplicaOpKind.Advance)),
                (2, Op(ReplicaOpKind.ToggleOutage)))
            .ArrayOf()
            .Select(ops => ops.Take(40).ToArray());

    private static Gen<ReplicaOp> Op(ReplicaOpKind kind) =>
        from node in Gen.Choose(0, Nodes - 1)
        from value in Gen.Choose(0, 400)
        from flag in Gen.Elements(true, false)
        select new ReplicaOp(kind, node, value, flag);

    public override string ToString() => $"{Kind}(node {Node}, {Value}, {Flag})";
}
