// Compares two builds of one assembly, for scripts/package-test.sh:
//   dotnet run scripts/compare-assemblies.cs -- <a.dll> <b.dll>
// Exit 0 "identical": byte for byte. Exit 0 "same code": identical once the fields a deterministic compiler derives from
// the PDB's content are blanked (the module MVID, the COFF time stamp, the debug directory's stamps and records); then
// only the PDB differed. Exit 1 otherwise. Why the PDB can differ: the LoggerMessage generator of .NET 10 emits its
// classes in a varying order (dotnet/runtime#119587, fixed for .NET 11), and the PDB embeds generated sources.
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: compare-assemblies <a.dll> <b.dll>");
    return 2;
}

var a = File.ReadAllBytes(args[0]);
var b = File.ReadAllBytes(args[1]);
if (a.AsSpan().SequenceEqual(b))
{
    Console.WriteLine("identical");
    return 0;
}

BlankPdbDerivedFields(a);
BlankPdbDerivedFields(b);
if (a.AsSpan().SequenceEqual(b))
{
    Console.WriteLine("same code: only the PDB-derived identity (MVID, time stamp, debug records) differs");
    return 0;
}

Console.WriteLine("different");
return 1;

static void BlankPdbDerivedFields(byte[] image)
{
    using var pe = new PEReader(new MemoryStream(image, writable: false));
    var headers = pe.PEHeaders;
    var metadata = pe.GetMetadataReader();

    Array.Clear(image, headers.CoffHeaderStartOffset + 4, 4);

    var mvid = metadata.GetModuleDefinition().Mvid;
    var mvidOffset = headers.MetadataStartOffset
        + metadata.GetHeapMetadataOffset(HeapIndex.Guid)
        + (MetadataTokens.GetHeapOffset(mvid) - 1) * 16;
    Array.Clear(image, mvidOffset, 16);

    if (headers.TryGetDirectoryOffset(headers.PEHeader!.DebugTableDirectory, out var directory))
    {
        const int entrySize = 28;
        foreach (var (entry, index) in pe.ReadDebugDirectory().Select((entry, index) => (entry, index)))
        {
            Array.Clear(image, directory + (index * entrySize) + 4, 4);
            Array.Clear(image, entry.DataPointer, entry.DataSize);
        }
    }
}
