// Placeholder: the silo host is wired by AddVantageSilo (see the Silo issue work).
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.Run();
