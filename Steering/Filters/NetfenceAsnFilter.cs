using Vantage.Steering.Engine;
using Vantage.Traffic;

namespace Vantage.Steering.Filters;

/// <summary><c>netfence_asn</c>: fences on <c>asn</c> against the AS announcing the client's address.</summary>
public sealed class NetfenceAsnFilter(FilterSpec spec, SteeringAnswer[] answers) : FenceFilter(spec, "remove_no_asn")
{
    private readonly uint[][] asns = answers.Select(a => (a.Meta.Asn ?? []).ToArray()).ToArray();

    public override bool NeedsAsn => true;

    protected override string DataName => "asn";

    protected override Fit Classify(int answer, scoped in SteeringContext context)
    {
        var own = asns[answer];
        if (own.Length == 0) return Fit.NoData;
        var client = context.Client.Asn;
        return client != 0 && Array.IndexOf(own, client) >= 0 ? Fit.Match : Fit.Miss;
    }

    protected override string Describe(SteeringAnswer answer) => "asn " + string.Join(",", asns[answer.Index]);

    protected override string Client(scoped in SteeringContext context) =>
        context.Client.Asn == 0 ? "unknown AS" : "AS" + context.Client.Asn;
}
