namespace Todo.AppHost;

// Where the PostgreSQL server binaries are. Public: the tests start their own cluster from the same ones.
public static class PostgresBinaries
{
    // Debian keeps them off PATH, one folder per major version; the newest wins.
    public static string? FindBinDirectory()
    {
        IEnumerable<string> versions = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var major) ? major : 0)
                .Select(v => Path.Combine(v, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator);
        return versions.Concat(path).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")));
    }
}
