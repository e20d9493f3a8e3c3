using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Akka.Management.Dsl;

namespace Akka.Http.Shim.Tests;

/// <summary>
/// Akka.Management.dll was compiled against the original Akka.Http.Shim: every type and member it names there (and in
/// Ceen) must bind to this build, or the runtime throws MissingMethodException/TypeLoadException when the code runs.
/// </summary>
public class ManagementBindingTests
{
    private static readonly string[] BoundAssemblies = ["Akka.Http.Shim", "Ceen.Common", "Ceen.Httpd"];

    [Fact]
    public void Every_type_and_member_Akka_Management_uses_from_the_shim_and_Ceen_binds()
    {
        var management = typeof(AkkaManagement).Assembly;
        using var file = File.OpenRead(management.Location);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var module = management.ManifestModule;

        var failures = new List<string>();
        var bound = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            if (!BoundAssemblies.Contains(AssemblyOf(metadata, handle))) continue;
            var name = TypeName(metadata, handle);
            Try(() => module.ResolveType(MetadataTokens.GetToken(handle)), name);
        }
        foreach (var handle in metadata.MemberReferences)
        {
            var reference = metadata.GetMemberReference(handle);
            if (reference.Parent.Kind != HandleKind.TypeReference) continue;
            var parent = (TypeReferenceHandle)reference.Parent;
            if (!BoundAssemblies.Contains(AssemblyOf(metadata, parent))) continue;
            var name = $"{TypeName(metadata, parent)}::{metadata.GetString(reference.Name)}";
            Try(() => module.ResolveMember(MetadataTokens.GetToken(handle)), name);
        }

        Assert.Empty(failures);
        // The calls that start the endpoint are among those checked, so the check did look at the right references.
        Assert.Contains("Akka.Http.HttpExt::NewServerAt", bound);
        Assert.Contains("Akka.Http.Dsl.ServerBuilder::Bind", bound);
        Assert.Contains("Akka.Http.Dsl.ServerBinding::get_LocalAddress", bound);
        Assert.Contains("Ceen.IHttpResponse::WriteAllJsonAsync", bound);

        void Try(Func<object?> resolve, string name)
        {
            try
            {
                resolve();
                bound.Add(name);
            }
            catch (Exception e) when (e is MissingMemberException or TypeLoadException or BadImageFormatException or ArgumentException)
            {
                failures.Add($"{name}: {e.Message}");
            }
        }
    }

    private static string AssemblyOf(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var scope = metadata.GetTypeReference(handle).ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.AssemblyReference => metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.TypeReference => AssemblyOf(metadata, (TypeReferenceHandle)scope),
            _ => "",
        };
    }

    private static string TypeName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
            return $"{TypeName(metadata, (TypeReferenceHandle)type.ResolutionScope)}+{name}";
        var ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }
}
