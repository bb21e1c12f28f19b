using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CookieState.Tests.KeyRing;

/// <summary>Counts reads of the key store, which is what a flood of unknown key ids must not multiply.</summary>
public sealed class CountingXmlRepository : IXmlRepository
{
    private IXmlRepository? _inner;
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public IXmlRepository Wrap(IXmlRepository? inner)
    {
        _inner = inner ?? throw new InvalidOperationException("No key repository was configured to count.");
        return this;
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        Interlocked.Increment(ref _reads);
        return _inner!.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName) => _inner!.StoreElement(element, friendlyName);
}
