using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CookieState.Tests.Health;

/// <summary>A key store that counts its reads and can be switched off, as a key database going down.</summary>
public sealed class FailingXmlRepository : IXmlRepository
{
    private IXmlRepository? _inner;
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public bool Down { get; set; }

    public IXmlRepository Wrap(IXmlRepository? inner)
    {
        _inner = inner ?? throw new InvalidOperationException("No key repository was configured to wrap.");
        return this;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        Interlocked.Increment(ref _reads);
        return Down ? throw new IOException("The key store is unreachable.") : _inner!.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName) => _inner!.StoreElement(element, friendlyName);
}
