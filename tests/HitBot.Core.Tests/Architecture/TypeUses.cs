using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HitBot.Core.Tests.Architecture;

/// <summary>One type of an assembly using another: in a signature, a field, an attribute or a method body.</summary>
public sealed record TypeUse(string From, string To)
{
    public string FromNamespace => NamespaceOf(From);
    public string ToNamespace => NamespaceOf(To);

    static string NamespaceOf(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        return dot < 0 ? "" : fullName[..dot];
    }

    public override string ToString() => $"{From} → {To}";
}

/// <summary>
/// Reads which type uses which from the compiled assembly with Mono.Cecil. Reflection alone sees only signatures; a
/// call inside a method body (<c>directory.Find(...)</c>) is exactly the kind of use the rules are about, so the IL is read too.
/// </summary>
public static class TypeUses
{
    /// <summary>Every use of a type from <paramref name="assemblyPath"/>, nested and compiler-made types counted as their outer type.</summary>
    public static IReadOnlySet<TypeUse> Of(string assemblyPath)
    {
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var uses = new HashSet<TypeUse>();
        foreach (var type in module.GetTypes())
        {
            var from = OuterName(type);
            if (from.StartsWith('<')) continue; // <Module>, <PrivateImplementationDetails>: made by the compiler for the whole assembly.
            var collector = new Collector(from, uses);
            collector.Type(type.BaseType);
            foreach (var i in type.Interfaces) collector.Type(i.InterfaceType);
            collector.Attributes(type);
            foreach (var field in type.Fields)
            {
                collector.Type(field.FieldType);
                collector.Attributes(field);
            }
            foreach (var property in type.Properties)
            {
                collector.Type(property.PropertyType);
                collector.Attributes(property);
            }
            foreach (var method in type.Methods) collector.Method(method);
        }
        return uses;
    }

    /// <summary>The name of the outermost declaring type: a lambda's closure class belongs to the class the lambda is in.</summary>
    static string OuterName(TypeReference type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type.FullName;
    }

    sealed class Collector(string from, HashSet<TypeUse> uses)
    {
        public void Type(TypeReference? type)
        {
            switch (type)
            {
                case null or GenericParameter:
                    return;
                case TypeSpecification spec:
                    if (spec is GenericInstanceType generic)
                        foreach (var argument in generic.GenericArguments) Type(argument);
                    Type(spec.ElementType);
                    return;
                default:
                    var to = OuterName(type);
                    if (to != from) uses.Add(new TypeUse(from, to));
                    return;
            }
        }

        public void Attributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes) Type(attribute.AttributeType);
        }

        public void Method(MethodDefinition method)
        {
            Type(method.ReturnType);
            foreach (var parameter in method.Parameters) Type(parameter.ParameterType);
            Attributes(method);
            if (!method.HasBody) return;
            foreach (var local in method.Body.Variables) Type(local.VariableType);
            foreach (var instruction in method.Body.Instructions) Operand(instruction);
        }

        void Operand(Instruction instruction)
        {
            switch (instruction.Operand)
            {
                case TypeReference type:
                    Type(type);
                    break;
                case MethodReference called:
                    Type(called.DeclaringType);
                    Type(called.ReturnType);
                    foreach (var parameter in called.Parameters) Type(parameter.ParameterType);
                    if (called is GenericInstanceMethod generic)
                        foreach (var argument in generic.GenericArguments) Type(argument);
                    break;
                case FieldReference field:
                    Type(field.DeclaringType);
                    Type(field.FieldType);
                    break;
            }
        }
    }
}
