using Checkpointing.PostgreSql.Testing;
using Npgsql;

namespace Checkpointing.PostgreSql.Tests;

/// <summary>One private server for every test of the collection; each test works in tables of its own.</summary>
public sealed class PostgreSqlFixture : IAsyncLifetime
{
    private PrivatePostgreSqlServer? server;
    private int tables;

    public PrivatePostgreSqlServer Server => server ?? throw new InvalidOperationException("The server is not started.");

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => server = await PrivatePostgreSqlServer.StartAsync(maxPreparedTransactions: 40);

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
    }

    /// <summary>A unique table name starting with <paramref name="prefix"/>, created with <paramref name="columns"/>.</summary>
    public async Task<string> CreateTableAsync(string prefix, string columns)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref tables)}";
        await ExecuteAsync($"CREATE TABLE \"{name}\" ({columns})");
        return name;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<List<TValue>> QueryAsync<TValue>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var result = new List<TValue>();
        while (await reader.ReadAsync()) result.Add(await reader.IsDBNullAsync(0) ? default! : reader.GetFieldValue<TValue>(0));
        return result;
    }

    /// <summary>The prepared transactions whose gid starts with <paramref name="prefix"/>.</summary>
    public Task<List<string>> PreparedAsync(string prefix) =>
        QueryAsync<string>($"SELECT gid FROM pg_prepared_xacts WHERE gid LIKE '{prefix.Replace("'", "''", StringComparison.Ordinal)}%' ORDER BY gid");
}

[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlFixture>
{
    public const string Name = "PostgreSQL server";
}
