using CookieState.Session;

namespace CookieState.Tests.Session;

/// <summary>The commit rule, case by case: what a response does to the client's cookies for each state of a session.</summary>
public sealed class CommitDecisionTests
{
    // isNew, changed, hasContent, refreshDue, requestHadCookies, keepClientCookies, responseStarted → action (by name: the
    // enum is internal, and theory data is public)
    public static TheoryData<bool, bool, bool, bool, bool, bool, bool, string> Cases() => new()
    {
        // A new session with nothing in it sends nothing; with data (or its own timeout) it is written.
        { true, false, false, false, false, false, false, nameof(CommitAction.None) },
        { true, true, true, false, false, false, false, nameof(CommitAction.Write) },
        { true, false, true, false, false, false, false, nameof(CommitAction.Write) },

        // A new session after rejected, expired or abandoned cookies: they go, unless the failure may pass.
        { true, false, false, false, true, false, false, nameof(CommitAction.Expire) },
        { true, true, false, false, true, false, false, nameof(CommitAction.Expire) },
        { true, false, false, false, true, true, false, nameof(CommitAction.None) },
        { true, false, true, false, true, false, false, nameof(CommitAction.Write) },

        // A new session is never "refreshed": the refresh threshold belongs to cookies the client holds.
        { true, false, false, true, true, false, false, nameof(CommitAction.Expire) },

        // An existing session: written when changed, refreshed when due, otherwise left alone.
        { false, false, true, false, true, false, false, nameof(CommitAction.None) },
        { false, true, true, false, true, false, false, nameof(CommitAction.Write) },
        { false, true, false, false, true, false, false, nameof(CommitAction.Write) },
        { false, false, true, true, true, false, false, nameof(CommitAction.Refresh) },
        { false, true, true, true, true, false, false, nameof(CommitAction.Write) },

        // After the response started only a refresh can be pending, and it is skipped; nothing else changes.
        { false, false, true, true, true, false, true, nameof(CommitAction.RefreshTooLate) },
        { false, false, true, false, true, false, true, nameof(CommitAction.None) },
        { true, false, false, false, true, false, true, nameof(CommitAction.Expire) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_commit_does_what_the_session_state_calls_for(
        bool isNew, bool changed, bool hasContent, bool refreshDue, bool requestHadCookies, bool keepClientCookies, bool responseStarted, string expected)
    {
        var action = CommitDecision.Decide(isNew, changed, hasContent, refreshDue, requestHadCookies, keepClientCookies, responseStarted, requestHadDuplicates: false);

        Assert.Equal(Enum.Parse<CommitAction>(expected), action);
    }

    // The same columns, for a request that carried a duplicate (or a case variant) of our names: cookie tossing.
    public static TheoryData<bool, bool, bool, bool, bool, bool, bool, string> DuplicateCases() => new()
    {
        // Rejected, expired or abandoned cookies are not expired: the host-only deletion would remove only the genuine one
        // and the planted cookie would be read next.
        { true, false, false, false, true, false, false, nameof(CommitAction.None) },
        { true, true, false, false, true, false, false, nameof(CommitAction.None) },
        { true, false, false, false, true, false, true, nameof(CommitAction.None) },

        // Writing and refreshing go on: they overwrite the genuine cookie and delete nothing.
        { true, false, true, false, true, false, false, nameof(CommitAction.Write) },
        { false, true, true, false, true, false, false, nameof(CommitAction.Write) },
        { false, false, true, true, true, false, false, nameof(CommitAction.Refresh) },
        { false, false, true, false, true, false, false, nameof(CommitAction.None) },
        { false, false, true, true, true, false, true, nameof(CommitAction.RefreshTooLate) },
    };

    [Theory]
    [MemberData(nameof(DuplicateCases))]
    public void A_request_with_duplicate_names_never_expires_cookies(
        bool isNew, bool changed, bool hasContent, bool refreshDue, bool requestHadCookies, bool keepClientCookies, bool responseStarted, string expected)
    {
        var action = CommitDecision.Decide(isNew, changed, hasContent, refreshDue, requestHadCookies, keepClientCookies, responseStarted, requestHadDuplicates: true);

        Assert.Equal(Enum.Parse<CommitAction>(expected), action);
    }

    [Fact]
    public void No_state_with_duplicate_names_expires_cookies()
    {
        foreach (var bits in Enumerable.Range(0, 1 << 7))
        {
            bool Bit(int i) => (bits & (1 << i)) != 0;
            Assert.NotEqual(CommitAction.Expire, CommitDecision.Decide(Bit(0), Bit(1), Bit(2), Bit(3), Bit(4), Bit(5), Bit(6), requestHadDuplicates: true));
        }
    }

    [Fact]
    public void Every_action_is_reachable_from_some_state()
    {
        var seen = new HashSet<CommitAction>();
        foreach (var bits in Enumerable.Range(0, 1 << 8))
        {
            bool Bit(int i) => (bits & (1 << i)) != 0;
            seen.Add(CommitDecision.Decide(Bit(0), Bit(1), Bit(2), Bit(3), Bit(4), Bit(5), Bit(6), Bit(7)));
        }

        Assert.Equal(Enum.GetValues<CommitAction>().ToHashSet(), seen);
    }
}
