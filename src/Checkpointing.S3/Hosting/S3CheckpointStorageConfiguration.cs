using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Checkpointing.S3;

/// <summary>Reads <see cref="S3CheckpointStorageOptions"/> from a configuration section; a value that does not parse is an error naming its key.</summary>
internal static class S3CheckpointStorageConfiguration
{
    public static void Read(IConfiguration section, S3CheckpointStorageOptions options)
    {
        Text(section, nameof(options.Bucket), v => options.Bucket = v);
        Text(section, nameof(options.Prefix), v => options.Prefix = v);
        Text(section, nameof(options.ServiceUrl), v => options.ServiceUrl = v);
        Text(section, nameof(options.Region), v => options.Region = v);
        Parsed<bool>(section, nameof(options.ForcePathStyle), bool.TryParse, v => options.ForcePathStyle = v);
        Parsed<int>(section, nameof(options.MultipartThreshold), TryInt, v => options.MultipartThreshold = v);
        Parsed<int>(section, nameof(options.PartSize), TryInt, v => options.PartSize = v);
        Parsed<int>(section, nameof(options.MaxConcurrentRequests), TryInt, v => options.MaxConcurrentRequests = v);
        Parsed<int>(section, nameof(options.MaxAttempts), TryInt, v => options.MaxAttempts = v);
        Parsed<TimeSpan>(section, nameof(options.RetryBaseDelay), TryTime, v => options.RetryBaseDelay = v);
        Parsed<TimeSpan>(section, nameof(options.RequestTimeout), TryTime, v => options.RequestTimeout = v);
        Parsed<bool>(section, nameof(options.CheckAbsenceBeforeWrite), bool.TryParse, v => options.CheckAbsenceBeforeWrite = v);
    }

    private delegate bool TryParse<T>(string text, out T value);

    private static bool TryInt(string text, out int value) => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    private static bool TryTime(string text, out TimeSpan value) => TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out value);

    private static void Text(IConfiguration section, string key, Action<string> set)
    {
        if (section[key] is { } value) set(value);
    }

    private static void Parsed<T>(IConfiguration section, string key, TryParse<T> parse, Action<T> set)
    {
        if (section[key] is not { } text) return;
        if (!parse(text, out var value)) throw new FormatException($"Configuration '{Path(section, key)}' = '{text}' is not a valid {typeof(T).Name}.");
        set(value);
    }

    private static string Path(IConfiguration section, string key) => section is IConfigurationSection named ? named.Path + ":" + key : key;
}
