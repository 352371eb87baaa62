using System.Data;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace ZaloBot.Storage;

/// <summary>
/// A connection whose every command keeps its SQL compiled, Dapper's included: each text is compiled the first time
/// it runs on this connection, and its compiled statements are lent to every later command with the same text, which
/// only binds its own values. Microsoft.Data.Sqlite keeps a statement only as long as its command object lives, and
/// Dapper makes and disposes a command per call, so on an ordinary connection a handler's every statement, and every
/// BEGIN, COMMIT and SAVEPOINT, was parsed and planned again for each event.
/// </summary>
/// <remarks>
/// One user at a time, like any connection. Texts built from values (Dapper's expanded <c>IN @list</c>) are compiled
/// per use as usual once <see cref="MaxTexts"/> texts are kept, so they cannot fill memory.
/// </remarks>
internal sealed class StatementKeepingConnection(string connectionString) : SqliteConnection(connectionString)
{
    /// <summary>The most texts kept; the statements the app runs on its writers' connection are far fewer.</summary>
    internal const int MaxTexts = 256;

    /// <summary>Each kept text's compiled commands not lent now (more than one only when a text ran inside itself).</summary>
    private readonly Dictionary<string, Stack<CompiledText>> _idle = new(StringComparer.Ordinal);

    /// <summary>How many times a text has been compiled on this connection (for tests).</summary>
    internal int Compilations { get; private set; }

    public override SqliteCommand CreateCommand() =>
        new BorrowingCommand(this) { CommandTimeout = DefaultTimeout, Transaction = Transaction };

    private CompiledText Lend(string sql)
    {
        if (_idle.TryGetValue(sql, out var idle) && idle.TryPop(out var compiled))
        {
            return compiled;
        }

        if (idle is null && _idle.Count < MaxTexts)
        {
            _idle.Add(sql, new Stack<CompiledText>());
        }

        Compilations++;
        return new CompiledText(sql, this);
    }

    private void TakeBack(CompiledText compiled)
    {
        if (compiled.ReaderOpen)
        {
            // Its reader outlived its command and still binds the values of the text's later statements: it stays
            // the reader's, and the text is compiled again next time.
            return;
        }

        compiled.Parameters.Clear();
        compiled.Transaction = null;
        if (_idle.TryGetValue(compiled.CommandText, out var idle))
        {
            idle.Push(compiled);
        }
        else
        {
            compiled.Dispose();
        }
    }

    /// <summary>A command that owns one text's compiled statements, lent from command to command.</summary>
    private sealed class CompiledText(string sql, SqliteConnection connection) : SqliteCommand(sql, connection)
    {
        public bool ReaderOpen => DataReader is not null;
    }

    /// <summary>
    /// What <see cref="CreateCommand"/> hands out: its text, transaction and parameters are its own, and when it runs it
    /// borrows the text's compiled command (kept until it is disposed or given another text) and runs that.
    /// </summary>
    private sealed class BorrowingCommand(StatementKeepingConnection owner) : SqliteCommand
    {
        private string _text = "";
        private CompiledText? _borrowed;

        [AllowNull]
        public override string CommandText
        {
            get => _text;
            set
            {
                var text = value ?? "";
                if (text != _text)
                {
                    GiveBack();
                    _text = text;
                }
            }
        }

        public override SqliteConnection? Connection
        {
            get => owner;
            set
            {
                if (value != owner)
                {
                    throw new NotSupportedException("A command of a connection that keeps its statements stays on that connection.");
                }
            }
        }

        public override SqliteDataReader ExecuteReader(CommandBehavior behavior) => Borrowed().ExecuteReader(behavior);

        public override int ExecuteNonQuery() => Borrowed().ExecuteNonQuery();

        public override object? ExecuteScalar() => Borrowed().ExecuteScalar();

        public override void Prepare() => Borrowed().Prepare();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                GiveBack();
            }

            base.Dispose(disposing);
        }

        /// <summary>The compiled command for the text, set up with this command's transaction, timeout and values.</summary>
        private CompiledText Borrowed()
        {
            _borrowed ??= owner.Lend(_text);
            _borrowed.Transaction = Transaction;
            _borrowed.CommandTimeout = CommandTimeout;
            _borrowed.Parameters.Clear();
            foreach (SqliteParameter parameter in Parameters)
            {
                _borrowed.Parameters.Add(parameter);
            }

            return _borrowed;
        }

        private void GiveBack()
        {
            if (_borrowed is { } borrowed)
            {
                _borrowed = null;
                owner.TakeBack(borrowed);
            }
        }
    }
}
