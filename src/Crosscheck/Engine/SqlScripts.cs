
namespace Streaming.Crosscheck.Engine;

/// <summary>The engine's SQL, kept as <c>Engine/Sql/*.sql</c> files embedded in the assembly.</summary>
internal static class SqlScripts
{
    public static string Load(string name)
    {
        var resource = "Sql." + name;
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The engine's SQL script {name} is not embedded in {typeof(SqlScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
