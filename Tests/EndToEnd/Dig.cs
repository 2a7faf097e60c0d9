using System.Diagnostics;

namespace Vantage.Tests.EndToEnd;

/// <summary>Runs the real <c>dig</c> (bind9-dnsutils) against a local server.</summary>
public static class Dig
{
    public sealed record Result(int ExitCode, string Output)
    {
        /// <summary>The status word of the reply header (NOERROR, NXDOMAIN, REFUSED, ...).</summary>
        public string Status => Output.Split("status: ", 2) is [_, var rest] ? rest.Split(',', 2)[0] : "";

        /// <summary>Answer-section lines (<c>+noall +answer</c> style) of the full output.</summary>
        public IReadOnlyList<string> Answers =>
            [.. Output.Split('\n').SkipWhile(l => !l.StartsWith(";; ANSWER SECTION:", StringComparison.Ordinal)).Skip(1)
                .TakeWhile(l => l.Trim().Length > 0)];

        public bool Authoritative => Output.Contains(" aa", StringComparison.Ordinal) && Output.Contains("flags:", StringComparison.Ordinal)
            && Output.Split("flags:", 2)[1].Split(';', 2)[0].Contains("aa", StringComparison.Ordinal);
    }

    public static async Task<Result> Query(int port, string name, string type, params string[] options)
    {
        var info = new ProcessStartInfo("dig") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "@127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), name, type, "+time=1", "+tries=1" }.Concat(options))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dig did not start");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new Result(process.ExitCode, output);
    }
}
