namespace CookieState.Serialization;

/// <summary>Which version of the binary state format <see cref="BinaryStateCodec"/> writes.</summary>
internal enum BinaryLayout
{
    /// <summary>Version 1, readable by every CookieState node, also those from before per-session timeouts.</summary>
    Version1 = 1,

    /// <summary>Version 3: the idle timeout in the header.</summary>
    Version3 = 3,

    /// <summary>Version 4: version 3 plus the lineage id and the user binding in the header.</summary>
    Version4 = 4,
}
