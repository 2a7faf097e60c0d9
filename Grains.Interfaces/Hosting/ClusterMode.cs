namespace Vantage.Hosting;

/// <summary>How silos find each other and where durable state lives (<c>Vantage:Cluster:Mode</c>).</summary>
public enum ClusterMode
{
    /// <summary>Development profile: one silo on localhost, grain state in an embedded SQLite file.</summary>
    Localhost = 0,

    /// <summary>Production profile: ADO.NET clustering on PostgreSQL (state on PostgreSQL or Azure Table Storage).</summary>
    AdoNet = 1,
}
