namespace Checkpointing.S3.Objects;

/// <summary>A create-only write found its key taken: the object there is someone else's and is left as it is.</summary>
internal sealed class ObjectExistsException(string bucket, string key, Exception? inner = null)
    : IOException($"s3://{bucket}/{key} already exists; a checkpoint object is never replaced.", inner);
