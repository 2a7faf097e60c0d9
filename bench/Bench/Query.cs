namespace Vantage.Bench;

/// <summary>Builds plain query packets for the benchmarks.</summary>
internal static class Query
{
    public static byte[] Build(string name, ushort type, bool edns = false)
    {
        var m = new List<byte> { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, (byte)(edns ? 1 : 0) };
        foreach (var label in name.Split('.'))
        {
            m.Add((byte)label.Length);
            m.AddRange(label.Select(c => (byte)c));
        }
        m.AddRange([0, (byte)(type >> 8), (byte)type, 0, 1]);
        if (edns) m.AddRange([0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, 0, 0]);
        return m.ToArray();
    }
}
