using Microsoft.AspNetCore.DataProtection;

namespace CookieState.KeyRing;

/// <summary>A key ring in a folder shared by the nodes (<c>--keys &lt;folder&gt;</c>), as <c>PersistKeysToFileSystem</c> uses.</summary>
internal sealed class FileSystemKeyStoreTarget(string folder) : IKeyStoreTarget
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public string Description => $"folder {Folder}";

    public bool Exists() => Directory.Exists(Folder);

    public void Configure(IDataProtectionBuilder builder) => builder.PersistKeysToFileSystem(new DirectoryInfo(Folder));
}
