using Vantage.Api.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddVantageApi();

var app = builder.Build();
app.MapVantageApi();
app.Run();
