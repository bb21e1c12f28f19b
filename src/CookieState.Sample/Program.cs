var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllersWithViews();
var app = builder.Build();
app.MapGet("/", () => "hello");
app.Run();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
