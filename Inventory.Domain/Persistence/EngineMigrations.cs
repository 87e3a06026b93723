using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Inventory.Domain.Persistence;

/// <summary>
/// The migrations of one engine. Both engines' migrations live in this assembly for the same context
/// types, each under its engine's folder (namespace); EF would otherwise see both sets. An engine
/// selects its own with <c>ReplaceService&lt;IMigrationsAssembly, EngineMigrations&lt;TEngine&gt;&gt;()</c>.
/// </summary>
/// <typeparam name="TEngine">Migrations whose namespace starts with this type's namespace are this engine's.</typeparam>
internal sealed class EngineMigrations<TEngine>(ICurrentDbContext currentContext, IMigrationsIdGenerator idGenerator)
    : IMigrationsAssembly where TEngine : IDatabaseEngine
{
    private static readonly string Folder = typeof(TEngine).Namespace! + ".";
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;

    public Assembly Assembly => typeof(TEngine).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= (
            from t in OwnTypes()
            where t.IsSubclassOf(typeof(Migration))
            let id = t.GetCustomAttribute<MigrationAttribute>()?.Id
            where id is not null
            orderby id
            select (id, t))
        .ToDictionary(m => m.id, m => m.t);

    public ModelSnapshot? ModelSnapshot => OwnTypes()
        .Where(t => t.IsSubclassOf(typeof(ModelSnapshot)))
        .Select(t => (ModelSnapshot)Activator.CreateInstance(t.AsType())!)
        .FirstOrDefault();

    public string? FindMigrationId(string nameOrId) => Migrations.Keys.FirstOrDefault(id =>
        string.Equals(idGenerator.IsValidId(nameOrId) ? id : idGenerator.GetName(id), nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private IEnumerable<TypeInfo> OwnTypes() => Assembly.DefinedTypes.Where(t =>
        !t.IsAbstract && !t.IsGenericTypeDefinition
        && t.Namespace?.StartsWith(Folder, StringComparison.Ordinal) == true
        && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
}
