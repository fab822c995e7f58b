using HitBot.Core.Messaging;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// The gallery <c>export-cards</c> writes is what CI runs through the Adaptive Card and Block Kit format checks, so a
/// card with no sample there reaches Teams and Slack unchecked. Read from the compiled HitBot.Core.dll: every method that
/// builds a <see cref="Card"/> of its own and hands back a <see cref="Message"/> must be reached from an
/// <see cref="ICardSamples"/> (directly or through the card methods it calls).
/// </summary>
public sealed class CardGalleryTests
{
    [Fact]
    public void Every_card_a_feature_can_send_has_a_sample_in_the_gallery()
    {
        using var module = ModuleDefinition.ReadModule(typeof(Card).Assembly.Location);
        var types = module.GetTypes().ToList();
        var cards = types.SelectMany(t => t.Methods)
            .Where(m => m.HasBody && m.IsPublic && m.ReturnType.FullName == typeof(Message).FullName && Builds(m, typeof(Card)))
            .Select(Name)
            .ToHashSet(StringComparer.Ordinal);

        var sampled = Reached(types.Where(t => Outer(t).Interfaces.Any(i => i.InterfaceType.FullName == typeof(ICardSamples).FullName)));

        Assert.Empty(cards.Where(c => !sampled.Contains(c)).Order(StringComparer.Ordinal));
    }

    static bool Builds(MethodDefinition method, Type type) => method.Body.Instructions.Any(i =>
        i.OpCode == OpCodes.Newobj && i.Operand is MethodReference ctor && ctor.DeclaringType.FullName == type.FullName);

    /// <summary>Every Core method the samples call, following calls into Core (a sample's iterator is a nested type).</summary>
    static HashSet<string> Reached(IEnumerable<TypeDefinition> samples)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var work = new Stack<MethodDefinition>(samples.SelectMany(t => t.Methods).Where(m => m.HasBody));
        while (work.TryPop(out var method))
        {
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is not MethodReference called || called.Module != method.Module) continue;
                if (!reached.Add(Name(called)) || called.Resolve() is not { HasBody: true } body) continue;
                work.Push(body);
            }
        }
        return reached;
    }

    static TypeDefinition Outer(TypeDefinition type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    static string Name(MethodReference method) => $"{method.DeclaringType.FullName}.{method.Name}";
}
