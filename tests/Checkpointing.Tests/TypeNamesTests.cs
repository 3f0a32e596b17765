using Checkpointing.Serialization;

namespace Checkpointing.Tests;

public class TypeNamesTests
{
    [Fact]
    public void Names_read_like_csharp()
    {
        Assert.Equal("long", TypeNames.Of<long>());
        Assert.Equal("List<long>", TypeNames.Of<List<long>>());
        Assert.Equal("Dictionary<string, int?>", TypeNames.Of<Dictionary<string, int?>>());
        Assert.Equal("byte[][]", TypeNames.Of<byte[][]>());
    }
}
