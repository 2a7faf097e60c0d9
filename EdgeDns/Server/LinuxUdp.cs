using System.Runtime.InteropServices;

namespace Vantage.EdgeDns.Server;

/// <summary>
/// The Linux system calls of the batched UDP path (<c>recvmmsg</c>/<c>sendmmsg</c>, thread affinity) and the
/// 64-bit layouts of their structures. Used only on 64-bit Linux; elsewhere the server keeps the managed path.
/// </summary>
internal static unsafe partial class LinuxUdp
{
    private const string Libc = "libc.so.6";

    public const int MsgWaitForOne = 0x10000;
    public const int MsgTrunc = 0x20;
    public const int MsgCtrunc = 0x08;
    public const int MsgDontWait = 0x40;
    public const int SolSocket = 1;
    public const int SoIncomingCpu = 49;
    public const int IpProtoIp = 0;
    public const int IpPktInfo = 8;
    public const int IpProtoIpv6 = 41;
    public const int Ipv6RecvPktInfo = 49;
    public const int Ipv6PktInfo = 50;
    public const int AfInet = 2;
    public const int AfInet6 = 10;
    public const int Eintr = 4;
    public const int Eagain = 11;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CMsgHdr
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    /// <summary>CMSG_ALIGN / CMSG_LEN / CMSG_SPACE on 64-bit Linux.</summary>
    public static int Align(int length) => (length + 7) & ~7;

    public static int CmsgLength(int data) => sizeof(CMsgHdr) + data;

    public static int CmsgSpace(int data) => sizeof(CMsgHdr) + Align(data);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int recvmmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int sendmmsg(int fd, MMsgHdr* messages, uint count, int flags);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int setsockopt(int fd, int level, int name, void* value, uint length);

    [LibraryImport(Libc, SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint size, ulong* mask);

    /// <summary>True when the calls are there (64-bit Linux with glibc).</summary>
    public static bool Available { get; } = Probe();

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux() || !Environment.Is64BitProcess) return false;
        try
        {
            // A call on an invalid descriptor fails with EBADF, which proves the library and entry points load.
            recvmmsg(-1, null, 0, MsgDontWait, null);
            sendmmsg(-1, null, 0, 0);
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    public static bool SetInt(int fd, int level, int name, int value) => setsockopt(fd, level, name, &value, sizeof(int)) == 0;

    /// <summary>Pins the calling thread to <paramref name="cpu"/> (best effort).</summary>
    public static bool PinCurrentThread(int cpu)
    {
        if (cpu >= 64) return false;
        var mask = 1UL << cpu;
        return sched_setaffinity(0, sizeof(ulong), &mask) == 0;
    }
}
