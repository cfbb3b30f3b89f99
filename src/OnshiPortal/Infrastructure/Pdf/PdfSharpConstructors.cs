using System.Reflection;
using PdfSharp.Pdf;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Keeps PDFsharp's object constructors reachable for the process's life. PDFsharp makes a page's resources, its
/// content array and the like through <c>Type.GetConstructor(...).Invoke(...)</c> on every page; .NET caches the
/// constructor, and the invoker it compiles after the first call, in a per-type cache that the garbage collector may
/// drop whenever nothing else holds it. Rendering 100,000 letters collects often, so the cache was dropped again and
/// again and every new invoker compiled a dynamic method anew, which the finalizer thread then spent a quarter of an
/// export destroying. Holding the constructors holds the caches, so each invoker is compiled once.
/// </summary>
internal static class PdfSharpConstructors
{
    private static readonly ConstructorInfo[] Kept = Find();

    /// <summary>Makes sure the constructors are held (the first call finds them).</summary>
    public static int Keep() => Kept.Length;

    private static ConstructorInfo[] Find()
    {
        Type[] types;
        try
        {
            types = typeof(PdfObject).Assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }

        return [.. types
            .Where(t => typeof(PdfItem).IsAssignableFrom(t) && !t.IsAbstract)
            .SelectMany(t => t.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))];
    }
}
