using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Todo.Api.Data;

// One statement that answers one row, through EF Core's raw SQL command (its logging, interceptors and connection
// handling) inside its execution strategy, read by hand. EF's SqlQuery builds and shapes a query on every call:
// twice the allocations of this on a GET (scripts/bench.sh).
internal static class SingleRow
{
    public static Task<T> ReadSingleRowAsync<T>(this TodoDbContext db, string sql, DbParameter[] parameters, Func<DbDataReader, T> read,
        CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync((db, sql, parameters, read), static async (_, state, cancellationToken) =>
        {
            var (db, sql, parameters, read) = state;
            var command = db.GetService<IRawSqlCommandBuilder>().Build(sql, parameters);
            await using var reader = await command.RelationalCommand.ExecuteReaderAsync(new RelationalCommandParameterObject(
                db.GetService<IRelationalConnection>(), command.ParameterValues, null, db,
                db.GetService<IRelationalCommandDiagnosticsLogger>()), cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? read(reader.DbDataReader)
                : throw new InvalidOperationException("The statement answered no row.");
        }, null, cancellationToken);
}
