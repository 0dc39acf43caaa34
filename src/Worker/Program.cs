using BackOffice.Worker.Cli;

return await BackOfficeCli.RunAsync(args, Console.Out, Console.Error);
