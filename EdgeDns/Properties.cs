using System.Runtime.CompilerServices;

// The query path zeroes nothing it does not write: stack buffers (names, labels, compression table) are filled
// before they are read, so the JIT's zero-initialisation of locals is skipped everywhere in this assembly.
[module: SkipLocalsInit]

// The incremental-compile tests compare a zone's internal indexes (target index, cut count) with a full compile's.
[assembly: InternalsVisibleTo("Vantage.Tests")]
