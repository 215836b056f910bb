/** 4.1-5.0/ef-migration-entity-names through the pipeline: in the 4.1 -> Duende hop, and as a fix-up on a project already on Duende. */
import { csproj, makeTree } from './support/tree';
import { upgrade } from './support/run';

const SNAPSHOT = `using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Host.Migrations
{
    [DbContext(typeof(ConfigurationDbContext))]
    partial class ConfigurationDbContextModelSnapshot : ModelSnapshot
    {
        protected override void BuildModel(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity("IdentityServer4.EntityFramework.Entities.Client", b => b.HasKey("Id"));
        }
    }
}
`;
const SEED = 'namespace Host;\n\npublic static class Seed\n{\n    public const string Name = "IdentityServer4.EntityFramework.Entities.Client";\n}\n';
const RULES = ['4.1-5.0/ef-migration-entity-names'];

function tree(pkg: string, version: string): string {
  return makeTree({
    'Host/Host.csproj': csproj(`  <PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup>\n  <ItemGroup><PackageReference Include="${pkg}" Version="${version}" /></ItemGroup>`, 'Microsoft.NET.Sdk.Web'),
    'Host/Migrations/ConfigurationDbContextModelSnapshot.cs': SNAPSHOT,
    'Host/Seed.cs': SEED,
  });
}

describe('EF entity type names in migrations', () => {
  it('are renamed in the IdentityServer4 -> Duende hop, and only in the snapshot', async () => {
    const { after } = await upgrade(tree('IdentityServer4.EntityFramework', '4.1.2'), { to: '6.0', only: RULES });
    expect(after('Host/Migrations/ConfigurationDbContextModelSnapshot.cs')).toContain('modelBuilder.Entity("Duende.IdentityServer.EntityFramework.Entities.Client"');
    expect(after('Host/Seed.cs')).toBe(SEED);
  });

  it('are renamed as a fix-up in a project already on Duende', async () => {
    const { after, run } = await upgrade(tree('Duende.IdentityServer.EntityFramework', '7.4.8'), { to: '7.4', only: RULES });
    expect(after('Host/Migrations/ConfigurationDbContextModelSnapshot.cs')).toBe(SNAPSHOT.replace('"IdentityServer4.', '"Duende.IdentityServer.'));
    expect(after('Host/Seed.cs')).toBe(SEED);
    expect(run.result.fixups.map((f) => f.hop.id)).toEqual(['4.1-5.0']);
  });
});
