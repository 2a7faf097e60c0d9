using Vantage.Bench.Propagation;

// Usage:
//   Vantage.Propagation propagation --api URL --key KEY --edges 127.0.0.1:8353,127.0.0.1:8354 [--changes 1000]
//       [--warmup 20] [--records 10] [--poll-ms 1] [--timeout 10] [--zone prop.test] [--csv file]
//   Vantage.Propagation partition --api URL --key KEY --edge 127.0.0.1:8355 --listen 127.0.0.1:30399
//       --gateway 127.0.0.1:30300 --edge-pid-file FILE [--changes 1000] [--cut 30] [--writers 4] [--sample 100] [--timeout 120]
//       [--zone part.test]
//   Vantage.Propagation parse --file example.test.zone [--zone example.test] [--runs 3]
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: Vantage.Propagation propagation|partition --api URL --key KEY ... (see bench/README.md)");
    return 2;
}
var options = new BenchArgs(args.Skip(1));
return args[0] switch
{
    "propagation" => await PropagationBenchmark.Run(options),
    "partition" => await PartitionBenchmark.Run(options),
    "parse" => ParseTiming.Run(options),
    _ => throw new ArgumentException($"unknown command '{args[0]}'"),
};
