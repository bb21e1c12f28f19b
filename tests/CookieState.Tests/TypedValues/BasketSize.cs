namespace CookieState.Tests.TypedValues;

public enum BasketSize
{
    Small = 1,
    Medium = 2,
    Large = 3,
}
