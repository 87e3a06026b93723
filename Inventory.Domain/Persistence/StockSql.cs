using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Inventory.Domain.Persistence;

/// <summary>
/// Ad-hoc SQL on a context's connection, inside its current transaction. The provider-specific
/// statements live beside it in <see cref="StockCommands"/> and <see cref="ImportSql"/>.
/// </summary>
internal static class StockSql
{
    public static DbCommand Command(DbContext db, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
