namespace CookieState.Sample.Models;

/// <summary>The big-state page: the random blobs added so far and what they cost in cookies.</summary>
/// <param name="Blobs">The blob keys and their sizes in bytes.</param>
/// <param name="Info">CookieState's snapshot, or <see langword="null"/> under another session store.</param>
internal sealed record BigStateViewModel(IReadOnlyList<SessionEntry> Blobs, CookieStateInfo? Info);
