using System.Collections.Immutable;

namespace Vantage.Monitoring;

/// <summary>The job types, notify types and regions Vantage knows (what <c>/jobtypes</c>, <c>/notifytypes</c> and <c>/regions</c> list).</summary>
public static class MonitorCatalog
{
    public sealed record ConfigField(string Name, string Kind, bool Required, object? Default, string Description);

    public sealed record ResultField(string Name, bool Numeric, string Description);

    public sealed record JobType(string Name, string Description, ImmutableArray<ConfigField> Config, ImmutableArray<ResultField> Results);

    public sealed record NotifyType(string Name, string Description, ImmutableArray<ConfigField> Config, bool Delivered);

    public sealed record Region(string Code, string Name, ImmutableArray<string> Subnets);

    public static readonly ImmutableArray<string> NumericComparisons = ["<", ">", "<=", ">=", "==", "!="];

    public static readonly ImmutableArray<string> TextComparisons = ["contains", "==", "!="];

    public static readonly ImmutableArray<JobType> JobTypes =
    [
        new("http", "Fetch a URL over HTTP or HTTPS and look at the response.",
        [
            new("url", "string", true, null, "http:// or https:// URL to request"),
            new("method", "string", false, "GET", "GET, HEAD or POST"),
            new("virtual_host", "string", false, null, "Host header to send instead of the URL's host"),
            new("user_agent", "string", false, null, "User-Agent header"),
            new("authorization", "string", false, null, "Authorization header"),
            new("tls_skip_verify", "bool", false, false, "Accept any server certificate"),
            new("follow_redirect", "bool", false, false, "Follow 3xx answers"),
            new("connect_timeout", "int", false, 2, "Seconds allowed to connect"),
            new("idle_timeout", "int", false, 3, "Seconds allowed for the response"),
        ],
        [new("status_code", true, "HTTP status code"), new("rtt", true, "Milliseconds until the response headers"), new("connect", true, "Milliseconds to connect"), new("output", false, "Response body (first 4 KiB)")]),
        new("tcp", "Open a TCP connection, optionally send text and read the reply.",
        [
            new("host", "string", true, null, "Host name or address"),
            new("port", "int", true, null, "TCP port"),
            new("connect_timeout", "int", false, 2000, "Milliseconds allowed to connect"),
            new("response_timeout", "int", false, 1000, "Milliseconds allowed for the reply"),
            new("send", "string", false, null, "Text to send after connecting"),
            new("ssl", "bool", false, false, "Negotiate TLS after connecting"),
        ],
        [new("connect", true, "Milliseconds to connect"), new("output", false, "Text received (first 4 KiB)")]),
        new("ping", "Send ICMP echo requests.",
        [
            new("host", "string", true, null, "Host name or address"),
            new("count", "int", false, 4, "Echo requests per check"),
            new("interval", "int", false, 0, "Milliseconds between requests"),
            new("timeout", "int", false, 2000, "Milliseconds to wait for each reply"),
        ],
        [new("rtt", true, "Average round trip in milliseconds"), new("loss", true, "Percentage of requests without a reply")]),
        new("dns", "Ask a DNS server for a name and type.",
        [
            new("host", "string", true, null, "Server host name or address"),
            new("domain", "string", true, null, "Name to ask for"),
            new("port", "int", false, 53, "Server port"),
            new("type", "string", false, "A", "Record type to ask for"),
            new("response_timeout", "int", false, 2000, "Milliseconds allowed for the answer"),
        ],
        [new("rtt", true, "Milliseconds until the answer"), new("num_records", true, "Records in the answer section"), new("rdata", false, "Answer data, one record per line")]),
    ];

    public static readonly ImmutableArray<NotifyType> NotifyTypes =
    [
        new("webhook", "HTTP POST of the event as JSON, retried with back-off.", [new("url", "string", true, null, "http:// or https:// URL"), new("headers", "object", false, null, "Extra request headers")], true),
        new("datafeed", "Push up/down into the nsone_monitoring feeds of a data source that carry this job.", [new("sourceid", "string", true, null, "Data source id")], true),
        new("email", "E-mail (stored; not delivered by this installation).", [new("email", "string", true, null, "Address")], false),
        new("user", "A user of the account (stored; not delivered).", [new("user", "string", true, null, "User name")], false),
        new("slack", "Slack incoming webhook (delivered as a JSON POST to its url).", [new("url", "string", true, null, "Webhook URL"), new("username", "string", false, null, "Poster name"), new("channel", "string", false, null, "Channel")], true),
        new("pagerduty", "PagerDuty (stored; not delivered).", [new("service_key", "string", true, null, "Integration key")], false),
    ];

    /// <summary>The probe regions a deployment may declare (silos name the ones they probe from).</summary>
    public static readonly ImmutableArray<Region> Regions =
    [
        new("lga", "New York", []), new("sjc", "San Jose", []), new("dal", "Dallas", []), new("ams", "Amsterdam", []),
        new("lhr", "London", []), new("sin", "Singapore", []), new("nrt", "Tokyo", []), new("syd", "Sydney", []), new("gru", "Sao Paulo", []),
    ];

    public static JobType? FindJobType(string name) => JobTypes.FirstOrDefault(t => t.Name == name);

    public static NotifyType? FindNotifyType(string name) => NotifyTypes.FirstOrDefault(t => t.Name == name);
}
