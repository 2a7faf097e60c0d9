using System.Runtime.CompilerServices;

namespace Vantage.Tests;

internal static class TestHostSetup
{
    /// <summary>
    /// Many tests talk to real sockets with blocking calls while servers in the same process rely on timers and
    /// async I/O. On a 2-core machine the thread pool would grow one thread at a time and delay those timers by
    /// seconds; starting it with enough threads keeps timing-sensitive behaviour (idle timeouts) observable.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}
