using CookieState.KeyRing;

namespace CookieState.PostgreSql.Tests;

[Collection(PostgresCollection.Name)]
public sealed class KeyRingCommandPostgreSqlTests(PostgresFixture fixture)
{
    [Fact]
    public async Task Init_creates_one_key_in_an_empty_database_and_nothing_on_the_second_run()
    {
        var cs = await fixture.CreateDatabaseAsync();

        var first = Run("init", "--postgres", cs, "--application-name", "farm");
        var second = Run("init", "--postgres", cs, "--application-name", "farm");
        var status = Run("status", "--postgres", cs, "--application-name", "farm");

        Assert.Equal(0, first.Code);
        Assert.Equal(0, second.Code);
        Assert.Equal(0, status.Code);
        Assert.Equal(1L, await TestDatabase.ScalarAsync<long>(cs, "SELECT count(*) FROM cookiestate_dataprotection_keys WHERE friendly_name LIKE 'key-%'"));
        Assert.Contains("PostgreSQL database", first.Output);
    }

    [Fact]
    public void Unreachable_database_fails_with_a_clear_message_and_no_password()
    {
        var (cs, _) = TestDatabase.Unreachable();

        var result = Run("init", "--postgres", cs, "--application-name", "farm");

        Assert.Equal(1, result.Code);
        Assert.DoesNotContain(TestDatabase.SecretPassword, result.Output + result.Error);
    }

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = KeyRingCommand.Run(args, output, error, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
    }
}
