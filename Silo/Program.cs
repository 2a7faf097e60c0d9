using Vantage.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVantageSilo();

var app = builder.Build();
app.MapVantageSilo();
app.Run();
