using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Todo.Api.Data;

// A statement's rows, through EF Core's raw SQL command (its logging, interceptors and connection handling) inside
// its execution strategy, read by hand. EF's SqlQuery builds and shapes a query on every call: twice the
// allocations of this on a GET (scripts/bench.sh).
internal static class Rows
{
    public static Task<List<T>> ReadRowsAsync<T>(this TodoDbContext db, string sql, DbParameter[] parameters, Func<DbDataReader, T> read,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync((db, sql, parameters, read), static async (_, state, cancellationToken) =>
        {
            var (db, sql, parameters, read) = state;
            var command = db.GetService<IRawSqlCommandBuilder>().Build(sql, parameters);
            await using var reader = await command.RelationalCommand.ExecuteReaderAsync(new RelationalCommandParameterObject(
                db.GetService<IRelationalConnection>(), command.ParameterValues, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>()), cancellationToken);
            var rows = new List<T>();
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(read(reader.DbDataReader));
            }
            return rows;
        }, null, cancellationToken);

    public static async Task<T> ReadSingleRowAsync<T>(this TodoDbContext db, string sql, DbParameter[] parameters, Func<DbDataReader, T> read,
        CancellationToken cancellationToken) =>
        (await db.ReadRowsAsync(sql, parameters, read, cancellationToken)) is [var row] ? row
            : throw new InvalidOperationException("The statement did not answer one row.");
}
