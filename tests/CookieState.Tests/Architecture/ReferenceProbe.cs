namespace CookieState.Tests.Architecture;

/// <summary>
/// One way to reference a type per member of <see cref="Subject"/>, each to a target of its own, so that
/// <see cref="TypeReferencesTests"/> can tell which of them the dependency reader sees.
/// </summary>
internal static class ReferenceProbe
{
    public sealed class Subject : BaseTarget, IInterfaceTarget
    {
        public FieldTarget? Field = null;

        public PropertyTarget? Property { get; set; }

        public static GenericArgumentTarget[] GenericArgument() => [];

        public static void Parameter(ParameterTarget target) => GC.KeepAlive(target);

        public static Func<object> Lambda() => () => LambdaTarget.Make();

        public static int Capture(int x)
        {
            int Sum() => x + CaptureTarget.Value;
            return Sum();
        }

        public static async Task Async()
        {
            await Task.Yield();
            AsyncTarget.Touch();
        }

        public static IEnumerable<int> Iterator()
        {
            yield return IteratorTarget.Value;
        }

        public static Type Token() => typeof(TokenTarget);

        public static bool Cast(object value) => value is CastTarget;

        public static object Create() => new CreateTarget();

        public static int Local()
        {
            LocalTarget local = default;
            local.Value = 2;
            return local.Value;
        }

        [AttributeTarget(typeof(AttributeArgumentTarget))]
        public static void Attributed()
        {
        }
    }

    public abstract class BaseTarget;

    public interface IInterfaceTarget;

    public sealed class FieldTarget;

    public sealed class PropertyTarget;

    public sealed class GenericArgumentTarget;

    public sealed class ParameterTarget;

    public static class LambdaTarget
    {
        public static object Make() => new();
    }

    public static class CaptureTarget
    {
        public static readonly int Value = 1;
    }

    public static class AsyncTarget
    {
        public static void Touch()
        {
        }
    }

    public static class IteratorTarget
    {
        public static readonly int Value = 1;
    }

    public sealed class TokenTarget;

    public sealed class CastTarget;

    public sealed class CreateTarget;

    public struct LocalTarget
    {
        public int Value;
    }

    [AttributeUsage(AttributeTargets.Method)]
    public sealed class AttributeTarget(Type type) : System.Attribute
    {
        public Type Type { get; } = type;
    }

    public sealed class AttributeArgumentTarget;
}
