using System.Linq;
using Checkpointing.Generators.Model;

namespace Checkpointing.Generators.Emitting;

/// <summary>
/// Writes formatter expressions (composed from the runtime's formatters) and one formatter class per user type.
/// <paramref name="host"/> is the class that holds the user-type formatters in the generated file.
/// </summary>
internal sealed class FormatterEmitter(string host)
{
    /// <summary>The C# expression that creates the formatter of <paramref name="shape"/>.</summary>
    public string Expression(TypeShape shape)
    {
        var t = shape.TypeName;
        string Arg(int i) => shape.Args[i].TypeName;
        string Inner(int i) => Expression(shape.Args[i]);
        var argTypes = string.Join(", ", shape.Args.Select(a => a.TypeName));
        var argExpressions = string.Join(", ", shape.Args.Select(Expression));
        return shape.Kind switch
        {
            ShapeKind.Builtin => $"{Names.Formatters}.BuiltinFormatter<{t}>.Instance",
            ShapeKind.RuntimeInstance => $"{Names.Formatters}.{shape.RuntimeFormatter}.Instance",
            ShapeKind.Enum => $"new {Names.Formatters}.EnumFormatter<{t}, {Arg(0)}>({Inner(0)}, static v => ({Arg(0)})v, static v => ({t})v)",
            ShapeKind.Nullable => $"new {Names.Formatters}.NullableFormatter<{Arg(0)}>({Inner(0)})",
            ShapeKind.Array => $"new {Names.Formatters}.ArrayFormatter<{Arg(0)}>({Inner(0)})",
            ShapeKind.ImmutableArray => $"new {Names.Formatters}.ImmutableArrayFormatter<{Arg(0)}>({Inner(0)})",
            ShapeKind.Sequence => $"new {Names.Formatters}.SequenceFormatter<{t}, {Arg(0)}>({Inner(0)}, {Names.Formatters}.CollectionBuilders.{shape.CollectionBuilder}<{Arg(0)}>())",
            ShapeKind.Map => $"new {Names.Formatters}.MapFormatter<{t}, {Arg(0)}, {Arg(1)}>({Inner(0)}, {Inner(1)}, {Names.Formatters}.CollectionBuilders.{shape.CollectionBuilder}<{Arg(0)}, {Arg(1)}>())",
            ShapeKind.KeyValuePair => $"new {Names.Formatters}.KeyValuePairFormatter<{argTypes}>({argExpressions})",
            ShapeKind.ValueTuple => $"new {Names.Formatters}.ValueTupleFormatter<{argTypes}>({argExpressions})",
            ShapeKind.Tuple => $"new {Names.Formatters}.TupleFormatter<{argTypes}>({argExpressions})",
            ShapeKind.UserType when shape.Args.Count == 0 => $"{host}.{shape.UserTypeId}.Instance",
            ShapeKind.UserType => $"new {host}.{shape.UserTypeId}<{argTypes}>({argExpressions})",
            ShapeKind.OwnTypeParameter => $"this.typeArgument{shape.TypeParameterIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            _ => $"{Names.Formatters}.ResolverFormatter<{t}>.Instance",
        };
    }

    /// <summary>The formatter of the units of a collection shape: the element, or the entry of a dictionary.</summary>
    public string UnitExpression(TypeShape collection) => collection.Kind == ShapeKind.Map
        ? $"new {Names.Formatters}.KeyValuePairFormatter<{collection.Args[0].TypeName}, {collection.Args[1].TypeName}>({Expression(collection.Args[0])}, {Expression(collection.Args[1])})"
        : Expression(collection.Args[0]);

    public static string UnitType(TypeShape collection) => collection.Kind == ShapeKind.Map
        ? $"global::System.Collections.Generic.KeyValuePair<{collection.Args[0].TypeName}, {collection.Args[1].TypeName}>"
        : collection.Args[0].TypeName;

    public static string UnitDisplay(TypeShape collection) => collection.Kind == ShapeKind.Map
        ? $"KeyValuePair<{collection.Args[0].DisplayName}, {collection.Args[1].DisplayName}>"
        : collection.Args[0].DisplayName;

    /// <summary>
    /// Writes the formatter class of one user type: a MessagePack array of the member values, with the member names
    /// kept once per state as the type's layout (so a restore still matches members by name).
    /// </summary>
    public void WriteUserType(SourceWriter w, UserTypeModel type)
    {
        var t = type.TypeName;
        var generic = type.TypeParameters.Count > 0;
        var parameters = generic ? "<" + string.Join(", ", type.TypeParameters) + ">" : "";
        w.Line($"/// <summary>Writes <c>{Escape(type.DisplayName)}</c> as an array of its members; reading matches them by name through the stored layout.</summary>");
        w.Open($"internal sealed class {type.Id}{parameters} : {Names.IFormatter}<{t}>, {Names.Layouts}.ILayoutFormatter");
        if (generic)
        {
            for (var i = 0; i < type.TypeParameters.Count; i++)
                w.Line($"private readonly {Names.IFormatter}<{type.TypeParameters[i]}> typeArgument{i};");
            var ctorParameters = string.Join(", ", type.TypeParameters.Select((p, i) => $"{Names.IFormatter}<{p}> typeArgument{i}"));
            w.Open($"public {type.Id}({ctorParameters})");
            for (var i = 0; i < type.TypeParameters.Count; i++) w.Line($"this.typeArgument{i} = typeArgument{i};");
            w.Close();
        }
        else
        {
            w.Line($"public static readonly {type.Id} Instance = new {type.Id}();");
        }
        // The member names, stored once per state in the checkpoint instead of once per object.
        var memberNames = string.Join(", ", type.Members.Select(m => Names.Literal(m.Name)));
        w.Line($"private static readonly {Names.Layouts}.TypeLayout Layout = new {Names.Layouts}.TypeLayout({Names.Literal(LayoutName(type))}, new string[] {{ {memberNames} }});");
        w.Line($"{Names.Layouts}.TypeLayout {Names.Layouts}.ILayoutFormatter.Layout => Layout;");
        // Member formatters are created on first use: a recursive type's formatter refers to itself. Primitives and
        // strings are written and read inline, with the same MessagePack calls their built-in formatters make.
        for (var i = 0; i < type.Members.Count; i++)
        {
            var member = type.Members[i];
            if (Inline(member.Shape) is not null) continue;
            w.Line($"private {Names.IFormatter}<{member.Shape.TypeName}>? member{i};");
            w.Line($"private {Names.IFormatter}<{member.Shape.TypeName}> Member{i} => this.member{i} ??= {Expression(member.Shape)};");
        }
        w.Line();
        WriteSerialize(w, type);
        w.Line();
        WriteDeserialize(w, type);
        w.Close();
    }

    private static void WriteSerialize(SourceWriter w, UserTypeModel type)
    {
        w.Open($"public void Serialize(ref {Names.Writer} writer, {type.TypeName} value, {Names.Options} options)");
        if (!type.IsValueType) w.Line("if (value is null) { writer.WriteNil(); return; }");
        w.Line("Layout.Note(options);");
        w.Line($"writer.WriteArrayHeader({type.Members.Count});");
        for (var i = 0; i < type.Members.Count; i++)
        {
            var access = $"value.{Names.Identifier(type.Members[i].Name)}";
            w.Line(Inline(type.Members[i].Shape) is not null
                ? $"writer.Write({access});"
                : $"this.Member{i}.Serialize(ref writer, {access}!, options);");
        }
        w.Close();
    }

    private static void WriteDeserialize(SourceWriter w, UserTypeModel type)
    {
        var members = type.Members;
        w.Open($"public {type.TypeName} Deserialize(ref {Names.Reader} reader, {Names.Options} options)");
        w.Line("if (reader.TryReadNil()) return default!;");
        w.Line("options.Security.DepthStep(ref reader);");
        // One try per object instead of one per member: a failure is located again from the object's start. The
        // stored position being read and the map of stored positions to members (null: read as declared) say which
        // member failed.
        w.Line("var start = reader.Consumed;");
        w.Line("var count = 0;");
        w.Line("var position = 0;");
        w.Line("int[]? map = global::System.Array.Empty<int>();");
        w.Open("try");
        w.Line("count = reader.ReadArrayHeader();");
        // Stored exactly as declared now (every object of a state written by this version): straight through in
        // declared order, no map, no per-member dispatch, no has-flags.
        w.Open("if (Layout.IsCurrent(options, count))");
        w.Line("map = null;");
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0) w.Line($"position = {i};");
            w.Line($"{members[i].Shape.TypeName} value{i} = {ReadMember(members[i], i)};");
        }
        if (members.Count > 0) w.Line($"position = {members.Count};");
        WriteConstruction(w, type, i => $"value{i}", present: null);
        w.Close();
        // Any other layout (members added, removed or reordered since, or a renamed type): matched by name.
        w.Line("map = Layout.MapOf(options, count);");
        w.Line("return ReadByName(ref reader, options, count, map, ref position);");
        w.Close();
        if (members.Count > 0)
        {
            var names = string.Join(", ", members.Select(m => Names.Literal(type.DisplayName + "." + m.Name)));
            var declared = string.Join(", ", members.Select(m => Names.Literal(m.Shape.DisplayName)));
            w.Open($"catch (global::System.Exception e) when ({Names.Generated}.MemberReading.MemberAt(map, position, count) >= 0 && {Names.Generated}.MemberReading.CanWrap(e))");
            w.Line($"var member = {Names.Generated}.MemberReading.MemberAt(map, position, count);");
            w.Line($"throw {Names.Generated}.MemberReading.Wrap(e, reader.Sequence, start, position, new string[] {{ {names} }}[member], new string[] {{ {declared} }}[member]);");
            w.Close();
        }
        w.Open("finally");
        w.Line("reader.Depth--;");
        w.Close();
        w.Close();
        w.Line();
        WriteReadByName(w, type);
    }

    /// <summary>
    /// The name-matched loop, for a stored layout that differs from the declared one: each stored position goes to the
    /// member of its name, members this version does not declare are skipped, members missing from it keep defaults.
    /// </summary>
    private static void WriteReadByName(SourceWriter w, UserTypeModel type)
    {
        var members = type.Members;
        w.Open($"private {type.TypeName} ReadByName(ref {Names.Reader} reader, {Names.Options} options, int count, int[] map, ref int position)");
        for (var i = 0; i < members.Count; i++)
        {
            w.Line($"{members[i].Shape.TypeName} value{i} = default!;");
            w.Line($"bool has{i} = false;");
        }
        w.Open("for (; position < count; position++)");
        w.Open("switch (map[position])");
        for (var i = 0; i < members.Count; i++)
        {
            w.Line($"case {i}:");
            w.Line($"    value{i} = {ReadMember(members[i], i)};");
            w.Line($"    has{i} = true;");
            w.Line("    break;");
        }
        // Members this version does not declare (removed, or added by a newer one) are skipped.
        w.Line("default:");
        w.Line("    reader.Skip();");
        w.Line("    break;");
        w.Close();
        w.Close();
        WriteConstruction(w, type, i => $"value{i}", present: i => $"has{i}");
        w.Close();
    }

    /// <summary>
    /// Creates and returns the instance from the values read. <paramref name="present"/> names the flag of each member
    /// when some may be missing from the stored layout; null when every member was read.
    /// </summary>
    private static void WriteConstruction(SourceWriter w, UserTypeModel type, System.Func<int, string> value, System.Func<int, string>? present)
    {
        var members = type.Members;
        string Or(int i, string fallback) => present is null ? value(i) : $"{present(i)} ? {value(i)} : {fallback}";
        var constructorArguments = string.Join(", ", members.Select((m, i) => (m, i))
            .Where(x => x.m.Assignment == MemberAssignment.Constructor)
            .Select(x => Or(x.i, x.m.ParameterDefault ?? "default!")));
        var inits = members.Select((m, i) => (m, i)).Where(x => x.m.Assignment == MemberAssignment.Init).ToList();
        if (inits.Count > 0 && (present is null || members.Any(m => m.IsRequired)))
        {
            // Every member read, or required members (no instance can be created just to read defaults: missing ones get default).
            var initializer = string.Join(", ", inits.Select(x => $"{Names.Identifier(x.m.Name)} = {Or(x.i, "default!")}"));
            w.Line($"var result = new {type.TypeName}({constructorArguments}) {{ {initializer} }};");
        }
        else if (inits.Count > 0)
        {
            // A missing init-only member keeps the value a fresh instance gets (its initializer), read from one.
            var allPresent = string.Join(" && ", inits.Select(x => present!(x.i)));
            w.Line(type.IsValueType
                ? $"var defaults = new {type.TypeName}({constructorArguments});"
                : $"{type.TypeName}? defaults = {allPresent} ? null : new {type.TypeName}({constructorArguments});");
            var initializer = string.Join(", ", inits.Select(x =>
                $"{Names.Identifier(x.m.Name)} = {Or(x.i, $"defaults{(type.IsValueType ? "" : "!")}.{Names.Identifier(x.m.Name)}")}"));
            w.Line($"var result = new {type.TypeName}({constructorArguments}) {{ {initializer} }};");
        }
        else
        {
            w.Line($"var result = new {type.TypeName}({constructorArguments});");
        }
        for (var i = 0; i < members.Count; i++)
            if (members[i].Assignment == MemberAssignment.Set)
                w.Line(present is null
                    ? $"result.{Names.Identifier(members[i].Name)} = {value(i)};"
                    : $"if ({present(i)}) result.{Names.Identifier(members[i].Name)} = {value(i)};");
        w.Line("return result;");
    }

    /// <summary>The expression that reads member <paramref name="index"/>: inline for primitives and strings, else its formatter.</summary>
    private static string ReadMember(MemberModel member, int index) => Inline(member.Shape) is { } inline
        ? $"reader.{inline}(){(inline == "ReadString" ? "!" : "")}"
        : $"this.Member{index}.Deserialize(ref reader, options)";

    /// <summary>
    /// The <c>MessagePackReader</c> method that reads a member of <paramref name="shape"/> inline (writing is the
    /// matching <c>writer.Write</c> overload), or null when it goes through its formatter.
    /// </summary>
    private static string? Inline(TypeShape shape) => shape.Kind != ShapeKind.Builtin ? null : shape.TypeName switch
    {
        "bool" => "ReadBoolean",
        "char" => "ReadChar",
        "sbyte" => "ReadSByte",
        "byte" => "ReadByte",
        "short" => "ReadInt16",
        "ushort" => "ReadUInt16",
        "int" => "ReadInt32",
        "uint" => "ReadUInt32",
        "long" => "ReadInt64",
        "ulong" => "ReadUInt64",
        "float" => "ReadSingle",
        "double" => "ReadDouble",
        "string" => "ReadString",
        _ => null,
    };

    /// <summary>The name stored layouts are matched by: the type's full name with its own type parameters, without <c>global::</c>.</summary>
    private static string LayoutName(UserTypeModel type) => type.TypeName.Replace("global::", "");

    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
