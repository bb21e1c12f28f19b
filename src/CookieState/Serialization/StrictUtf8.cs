using System.Text;

namespace CookieState.Serialization;

/// <summary>
/// UTF-8 that throws on invalid bytes instead of replacing them, so that text read back is the text written, and text that
/// is no UTF-8 is refused rather than silently changed.
/// </summary>
internal static class StrictUtf8
{
    public static readonly UTF8Encoding Encoding = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
