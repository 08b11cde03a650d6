namespace Transporter.Core.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}
