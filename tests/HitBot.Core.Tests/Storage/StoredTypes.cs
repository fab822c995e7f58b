using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// The document types an assembly stores in LiteDB, read from its IL: every <c>HitBotDb.Collection&lt;T&gt;</c> and
/// <c>LiteDatabase.GetCollection&lt;T&gt;</c> call (stores, schema steps), so a type stored by a new store is found
/// without anyone remembering to list it. Untyped <c>BsonDocument</c> access and generic helpers are not document types.
/// </summary>
public static class StoredTypes
{
    static readonly HashSet<string> CollectionMethods = ["HitBot.Core.Storage.HitBotDb::Collection", "LiteDB.LiteDatabase::GetCollection", "LiteDB.ILiteDatabase::GetCollection"];

    /// <summary>The full names (Cecil spelling: <c>Outer/Nested</c>) of the types stored by the assembly at <paramref name="assemblyPath"/>.</summary>
    public static IReadOnlySet<string> In(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var stored = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var method in module.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody))
            foreach (var instruction in method.Body.Instructions)
                if (instruction.OpCode.FlowControl == FlowControl.Call && instruction.Operand is GenericInstanceMethod called
                    && CollectionMethods.Contains($"{called.DeclaringType.FullName}::{called.Name}")
                    && called.GenericArguments.Single() is { } argument and not GenericParameter && argument.FullName != "LiteDB.BsonDocument")
                    stored.Add(argument.FullName);
        return stored;
    }

    /// <summary>A runtime type's name as <see cref="In"/> spells it.</summary>
    public static string NameOf(Type type) => type.FullName!.Replace('+', '/');
}
