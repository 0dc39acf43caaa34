namespace BackOffice.Tests.Support;

/// <summary>The sample files inside the repository (tests/Samples). Missing means a failed test, never a skip.</summary>
public static class SampleFiles
{
    public static string RepositoryRoot
    {
        get
        {
            // Builds may put their output outside the checkout (--artifacts-path): then walk up from this source file.
            var root = RootAbove(AppContext.BaseDirectory) ?? RootAbove(Path.GetDirectoryName(ThisFile())!);
            if (root is null) throw new InvalidOperationException($"no BackOffice.sln above {AppContext.BaseDirectory} nor above {ThisFile()}");
            return root!;
        }
    }

    public static string SamplesFolder(string kind)
    {
        var folder = Path.GetFullPath(Path.Combine(RepositoryRoot, "tests", "Samples", kind));
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"the samples folder {folder} is missing: it belongs to the repository (tests/Samples)");
        return folder;
    }

    public static string Sample(string kind, string name)
    {
        var path = Path.Combine(SamplesFolder(kind), name);
        if (!File.Exists(path)) throw new FileNotFoundException($"sample {path} is missing");
        return path;
    }

    static string? RootAbove(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "BackOffice.sln")))
                return dir.FullName;
        return null;
    }

    static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;
}
