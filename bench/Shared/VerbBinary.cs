namespace BackOffice.Bench;

/// <summary>The `backoffice` program as operators run it: src/Worker's Release output, found from the bench's own folder.</summary>
internal static class VerbBinary
{
    public static string Path()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "src", "Worker", "bin", "Release", "net10.0", "backoffice");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException("src/Worker/bin/Release/net10.0/backoffice not found: run `dotnet build src/Worker -c Release` first");
    }
}
