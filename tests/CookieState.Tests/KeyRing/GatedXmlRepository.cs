using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CookieState.Tests.KeyRing;

/// <summary>
/// A key store that, once closed, holds every read until released, as a slow key database does, and records whether each
/// read ran inside a request (<see cref="RequestMarker"/>).
/// </summary>
public sealed class GatedXmlRepository : IXmlRepository
{
    private readonly SemaphoreSlim _gate = new(0, int.MaxValue);
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IXmlRepository? _inner;
    private volatile bool _closed;
    private int _gatedReads;
    private int _readsInsideRequests;

    /// <summary>Completes when the first read has reached the closed gate.</summary>
    public Task Entered => _entered.Task;

    public int GatedReads => Volatile.Read(ref _gatedReads);

    public int ReadsInsideRequests => Volatile.Read(ref _readsInsideRequests);

    public IXmlRepository Wrap(IXmlRepository? inner)
    {
        _inner = inner ?? throw new InvalidOperationException("No key repository was configured to wrap.");
        return this;
    }

    public void Close() => _closed = true;

    public void Open()
    {
        _closed = false;
        _gate.Release(int.MaxValue - _gate.CurrentCount);
    }

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        if (_closed)
        {
            Interlocked.Increment(ref _gatedReads);
            if (RequestMarker.InRequest)
            {
                Interlocked.Increment(ref _readsInsideRequests);
            }

            _entered.TrySetResult();
            if (!_gate.Wait(TimeSpan.FromSeconds(15)))
            {
                throw new TimeoutException("The test never opened the key store.");
            }
        }

        return _inner!.GetAllElements();
    }

    public void StoreElement(XElement element, string friendlyName) => _inner!.StoreElement(element, friendlyName);
}
