using System.Text.Json;
using Vantage.Monitoring;

namespace Vantage.Api.Json;

/// <summary>Writes catalogue config fields in NS1's <c>{"name":{"shortdesc","type","required","default"}}</c> shape.</summary>
public static class CatalogJson
{
    public static void WriteFields(Utf8JsonWriter w, string property, IEnumerable<MonitorCatalog.ConfigField> fields)
    {
        w.WriteStartObject(property);
        foreach (var field in fields)
        {
            w.WriteStartObject(field.Name);
            w.WriteString("shortdesc", field.Description);
            w.WriteString("type", field.Kind == "int" ? "number" : field.Kind);
            w.WriteBoolean("required", field.Required);
            w.WritePropertyName("default");
            JsonSerializer.Serialize(w, field.Default);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}
