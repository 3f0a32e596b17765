using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;

namespace Checkpointing.S3.Objects;

/// <summary>
/// The few object operations checkpoints need, over one bucket-independent client: create-only puts (single or
/// multipart), whole-object reads, listings and deletes. Every request is retried by <see cref="Retrying"/> and
/// counted against one limit of requests in flight, shared by all checkpoints of a storage.
/// </summary>
internal sealed class ObjectStore(IAmazonS3 client, S3CheckpointStorageOptions options)
{
    private readonly Retrying retrying = new(options);
    private readonly SemaphoreSlim inFlight = new(options.MaxConcurrentRequests, options.MaxConcurrentRequests);

    /// <summary>
    /// Creates <paramref name="key"/> with <paramref name="bytes"/>, durable when this returns. Never replaces an
    /// object: <c>If-None-Match: *</c>, plus a HEAD first where the store ignores it (<see cref="S3CheckpointStorageOptions.CheckAbsenceBeforeWrite"/>).
    /// </summary>
    /// <remarks><paramref name="onMultipartStarted"/> is told the upload id of a multipart upload, so an abort can cancel it.</remarks>
    public async Task CreateAsync(string bucket, string key, ReadOnlyMemory<byte> bytes, Action<string>? onMultipartStarted, CancellationToken cancellationToken)
    {
        if (options.CheckAbsenceBeforeWrite && await LengthAsync(bucket, key, cancellationToken).ConfigureAwait(false) is not null)
            throw AlreadyExists(bucket, key);
        if (bytes.Length >= options.MultipartThreshold) await CreateMultipartAsync(bucket, key, bytes, onMultipartStarted, cancellationToken).ConfigureAwait(false);
        else await CreateSingleAsync(bucket, key, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The object's bytes, or null when it does not exist.</summary>
    public Task<byte[]?> ReadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        RunAsync<byte[]?>(async (_, token) =>
        {
            try
            {
                using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, token).ConfigureAwait(false);
                var length = response.ContentLength;
                using var buffer = length >= 0 ? new MemoryStream(checked((int)length)) : new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer, token).ConfigureAwait(false);
                if (length >= 0 && buffer.Length != length) throw new IOException($"s3://{bucket}/{key}: read {buffer.Length} of {length} bytes.");
                return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The object's length, or null when it does not exist.</summary>
    public Task<long?> LengthAsync(string bucket, string key, CancellationToken cancellationToken) =>
        RunAsync<long?>(async (_, token) =>
        {
            try
            {
                var response = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, token).ConfigureAwait(false);
                return response.ContentLength;
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
        }, cancellationToken);

    /// <summary>The "folders" directly under <paramref name="prefix"/> that start with it (common prefixes up to the next '/'), without the trailing '/'.</summary>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var folders = new List<string>();
        string? continuation = null;
        do
        {
            var page = await RunAsync((_, token) => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket, Prefix = prefix, Delimiter = "/", ContinuationToken = continuation,
            }, token), cancellationToken).ConfigureAwait(false);
            foreach (var folder in page.CommonPrefixes ?? []) folders.Add(folder.TrimEnd('/'));
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return folders;
    }

    /// <summary>Every key that starts with <paramref name="prefix"/>.</summary>
    public async Task<IReadOnlyList<string>> ListKeysAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        string? continuation = null;
        do
        {
            var page = await RunAsync((_, token) => client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket, Prefix = prefix, ContinuationToken = continuation,
            }, token), cancellationToken).ConfigureAwait(false);
            foreach (var item in page.S3Objects ?? []) keys.Add(item.Key);
            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (continuation is not null);
        return keys;
    }

    /// <summary>Deletes one object (deleting a missing one succeeds).</summary>
    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken) =>
        RunAsync((_, token) => client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, token), cancellationToken);

    /// <summary>Cancels a multipart upload, so its parts stop taking space.</summary>
    public Task AbortMultipartAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken) =>
        RunAsync((_, token) => client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, token), cancellationToken);

    private Task CreateSingleAsync(string bucket, string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        RunAsync(async (attempt, token) =>
        {
            var request = new PutObjectRequest
            {
                BucketName = bucket, Key = key, InputStream = StreamOver(bytes), AutoCloseStream = true,
                IfNoneMatch = "*", UseChunkEncoding = false,
            };
            try
            {
                return await client.PutObjectAsync(request, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                // A retry refused because an earlier attempt of this same put did land: ids are never reused, so an
                // object of exactly our length at our key is ours.
                if (attempt > 1 && await LengthOnceAsync(bucket, key, token).ConfigureAwait(false) == bytes.Length) return null;
                throw AlreadyExists(bucket, key, e);
            }
        }, cancellationToken);

    private async Task CreateMultipartAsync(string bucket, string key, ReadOnlyMemory<byte> bytes, Action<string>? onMultipartStarted, CancellationToken cancellationToken)
    {
        var started = await RunAsync((_, token) => client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, token), cancellationToken).ConfigureAwait(false);
        var uploadId = started.UploadId;
        onMultipartStarted?.Invoke(uploadId);
        var partCount = (int)((bytes.Length + (long)options.PartSize - 1) / options.PartSize);
        var parts = new PartETag[partCount];
        await Parallel.ForAsync(0, partCount, cancellationToken, async (index, token) =>
        {
            var offset = (long)index * options.PartSize;
            var slice = bytes.Slice((int)offset, (int)Math.Min(options.PartSize, bytes.Length - offset));
            var uploaded = await RunAsync((_, attemptToken) => client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = index + 1,
                InputStream = StreamOver(slice), PartSize = slice.Length, UseChunkEncoding = false,
            }, attemptToken), token).ConfigureAwait(false);
            parts[index] = new PartETag(index + 1, uploaded.ETag);
        }).ConfigureAwait(false);
        await RunAsync(async (attempt, token) =>
        {
            try
            {
                return await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = bucket, Key = key, UploadId = uploadId, PartETags = [.. parts], IfNoneMatch = "*",
                }, token).ConfigureAwait(false);
            }
            catch (AmazonS3Exception e) when (e.StatusCode is HttpStatusCode.PreconditionFailed || (attempt > 1 && e.StatusCode == HttpStatusCode.NotFound))
            {
                // As for single puts: a retry that finds the upload already completed at our length is ours.
                if (attempt > 1 && await LengthOnceAsync(bucket, key, token).ConfigureAwait(false) == bytes.Length) return null;
                throw e.StatusCode == HttpStatusCode.PreconditionFailed ? AlreadyExists(bucket, key, e) : e;
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<long?> LengthOnceAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false)).ContentLength;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private async Task<T> RunAsync<T>(Func<int, CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await retrying.RunAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inFlight.Release();
        }
    }

    /// <summary>A read-only stream over the caller's bytes, without copying them.</summary>
    private static MemoryStream StreamOver(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static ObjectExistsException AlreadyExists(string bucket, string key, Exception? inner = null) => new(bucket, key, inner);
}
