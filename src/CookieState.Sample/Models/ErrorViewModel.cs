namespace CookieState.Sample.Models;

/// <summary>The generic error and status pages.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Title">A short heading.</param>
/// <param name="Explanation">What probably happened, in plain words.</param>
/// <param name="RequestId">An id to find the request in the logs.</param>
internal sealed record ErrorViewModel(int StatusCode, string Title, string Explanation, string RequestId);
