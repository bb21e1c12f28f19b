using CookieState.LoadClient;

// Load client for bench/load.sh. Two commands:
//
//   run     drives one bench server with simulated users for a fixed time and appends one CSV row of results
//   report  turns the CSV of all runs into a markdown table and an SVG bar chart
//
// Run either without arguments for its options.
try
{
    return args switch
    {
        ["run", .. var rest] => await RunCommand.ExecuteAsync(CommandLine.Parse(rest)),
        ["report", .. var rest] => ReportCommand.Execute(CommandLine.Parse(rest)),
        _ => Usage(),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return Usage();
}
catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TimeoutException or IOException)
{
    // The server could not be reached or set no session: no figure can come out of this run.
    Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
    return 1;
}

static int Usage()
{
    Console.Error.WriteLine(RunOptions.Usage);
    Console.Error.WriteLine();
    Console.Error.WriteLine(ReportOptions.Usage);
    return 64;
}
