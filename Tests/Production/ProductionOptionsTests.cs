using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Vantage.Silo.Production;

namespace Vantage.Tests.Production;

public sealed class ProductionOptionsTests
{
    private const string Postgres = "Host=127.0.0.1;Database=vantage";

    /// <summary>One source per value, so a later value overrides an earlier one like layered configuration does.</summary>
    private static IConfiguration Configuration(params (string Key, string Value)[] values) =>
        values.Aggregate((IConfigurationBuilder)new ConfigurationBuilder(), (builder, v) => builder.AddInMemoryCollection([new(v.Key, v.Value)])).Build();

    [Fact]
    public void Options_bind_from_the_production_section()
    {
        var options = ProductionOptions.FromConfiguration(Configuration(
            ("Vantage:Production:PostgresConnectionString", Postgres),
            ("Vantage:Production:GrainStore", "AzureTable"),
            ("Vantage:Production:ClusterId", "blue"),
            ("Vantage:Production:SiloPort", "21111")));

        Assert.Equal((Postgres, GrainStoreKind.AzureTable, "blue", "vantage", 21111, 30000, "UseDevelopmentStorage=true"),
            (options.PostgresConnectionString, options.GrainStore, options.ClusterId, options.ServiceId, options.SiloPort, options.GatewayPort, options.AzureTableConnectionString));
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void The_connection_string_falls_back_to_the_VANTAGE_POSTGRES_key()
    {
        var options = ProductionOptions.FromConfiguration(Configuration(("VANTAGE_POSTGRES", Postgres)));

        Assert.Equal(Postgres, options.PostgresConnectionString);
    }

    [Theory]
    [InlineData("PostgresConnectionString", "", "PostgresConnectionString (or VANTAGE_POSTGRES) is required")]
    [InlineData("AzureTableName", "1bad", "AzureTableName must be 3-63 letters or digits")]
    [InlineData("ClusterId", " ", "ClusterId and Vantage:Production:ServiceId must not be empty")]
    [InlineData("AdvertisedAddress", "silo-1", "AdvertisedAddress must be an IP address")]
    [InlineData("GatewayPort", "11111", "SiloPort and Vantage:Production:GatewayPort must be two different ports")]
    [InlineData("SiloPort", "70000", "SiloPort and Vantage:Production:GatewayPort must be two different ports")]
    public void Unusable_settings_are_refused_with_a_precise_message(string key, string value, string message)
    {
        var options = ProductionOptions.FromConfiguration(Configuration(
            ("Vantage:Production:PostgresConnectionString", Postgres),
            ($"Vantage:Production:{key}", value)));
        if (key == "PostgresConnectionString") options.PostgresConnectionString = value;

        var error = Assert.Single(options.Validate());
        Assert.Contains(message, error, StringComparison.Ordinal);
        var thrown = Assert.Throws<OptionsValidationException>(options.ThrowIfInvalid);
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }
}
