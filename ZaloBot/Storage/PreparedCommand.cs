using System.Data;

namespace ZaloBot.Storage;

/// <summary>
/// One statement prepared once and run again for row after row, its parameters set by position: how thousands of
/// rows are written in one transaction (an imported batch, its figures) for a fraction of what a statement per row
/// through Dapper, or the rows passed as JSON, cost in parsing, binding and allocations.
/// </summary>
public sealed class PreparedCommand : IDisposable
{
    private readonly IDbCommand _command;
    private readonly IDbDataParameter[] _parameters;

    /// <param name="sql">The statement; its parameters are named <c>@name</c>.</param>
    /// <param name="parameterNames">The parameters' names (without '@'), in the order <see cref="this[int]"/> sets them.</param>
    public PreparedCommand(IDbConnection connection, IDbTransaction? transaction, string sql, params string[] parameterNames)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameterNames);
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
#pragma warning disable CA2100 // the statements are the callers' constants; values go through parameters
        _command.CommandText = sql;
#pragma warning restore CA2100
        _parameters = parameterNames.Select(name =>
        {
            var parameter = _command.CreateParameter();
            parameter.ParameterName = "@" + name;
            _command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        _command.Prepare();
    }

    /// <summary>The parameter at this position, for the next run (null is SQL NULL).</summary>
    public object? this[int position]
    {
        get => _parameters[position].Value is var value && value is not DBNull ? value : null;
        set => _parameters[position].Value = value ?? DBNull.Value;
    }

    /// <summary>The transaction the next run belongs to (a kept statement runs in one transaction after another).</summary>
    public IDbTransaction? Transaction
    {
        get => _command.Transaction;
        set => _command.Transaction = value;
    }

    /// <summary>Runs the statement with the parameters as set; returns the rows it changed.</summary>
    public int Run() => _command.ExecuteNonQuery();

    /// <summary>Runs the statement and returns the first column of its first row (null when there is none).</summary>
    public object? Scalar() => _command.ExecuteScalar() is var value && value is not DBNull ? value : null;

    /// <summary>Runs the statement and reads its rows.</summary>
    public IDataReader Read() => _command.ExecuteReader();

    public void Dispose() => _command.Dispose();
}
