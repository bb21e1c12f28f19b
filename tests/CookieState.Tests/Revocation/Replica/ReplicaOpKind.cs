namespace CookieState.Tests.Revocation.Replica;

/// <summary>What a <see cref="ReplicaOp"/> does.</summary>
public enum ReplicaOpKind
{
    /// <summary>A node revokes a fresh id (a user when the flag is set).</summary>
    Revoke,

    /// <summary>A node runs one round: flush, read through, trim.</summary>
    Sync,

    /// <summary>Appends from now on commit late (flag) or at once.</summary>
    HoldBackCommits,

    /// <summary>One held-back append commits, not necessarily the oldest.</summary>
    Commit,

    /// <summary>The next read re-delivers records already delivered.</summary>
    Duplicate,

    /// <summary>The log drops expired records.</summary>
    Trim,

    /// <summary>The engine loses its history and its epoch key: a new epoch, positions restarting (flag) or not.</summary>
    LoseHistory,

    /// <summary>A node restarts: its memory and unsent records are gone.</summary>
    Restart,

    /// <summary>Time passes: up to 400 seconds.</summary>
    Advance,

    /// <summary>The log goes down or comes back.</summary>
    ToggleOutage,
}
