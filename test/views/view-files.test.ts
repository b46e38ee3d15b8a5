/**
 * Views from a config's `views:` folders: served beside the bundled ones
 * (a view may narrow another), and refused at start-up, every problem named
 * by file and line, when one cannot be served.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, assetql } from '../support/cli.js';

const ACCOUNTS = path.join(PROJECT_ROOT, 'examples/accounts');
const NOW = '2026-12-01T00:00:00Z';

/** A config over the demo accounts with one views folder holding these files. */
function withViews(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'assetql-views-'));
  mkdirSync(path.join(dir, 'views'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'views', name), text);
  writeFileSync(
    path.join(dir, 'assetql.config.yaml'),
    ['connectors:', ...['production', 'staging', 'sandbox'].map((id) => `  - { id: ${id}, provider: aws, snapshot: ${JSON.stringify(path.join(ACCOUNTS, id))} }`), 'views: [./views]', ''].join('\n'),
  );
  return path.join(dir, 'assetql.config.yaml');
}

const STALE_HUMANS = `name: StaleHumans
description: Users with credentials unused for \`days\` days who sign in to the console.
returns: IAMUser
arguments:
  days: { type: Int, default: 45 }
query: |
  AWSIAM3(days: $days, where: { hasIAMUserCredentials: { passwordEnabled: true } })
`;

describe('views of a config folder', () => {
  it('serve beside the bundled views; one may narrow another, passing its arguments on', async () => {
    const config = withViews({ 'stale-humans.yaml': STALE_HUMANS });
    const all = await assetql(['query', '--config', config, '--now', NOW, '{ AWSIAM3 { id } StaleHumans { id } longer: StaleHumans(days: 100000) { id } }']);
    expect(all.stderr).toBe('');
    const data = JSON.parse(all.stdout).data;
    expect(data.StaleHumans.length).toBeGreaterThan(0);
    expect(data.StaleHumans.length).toBeLessThan(data.AWSIAM3.length);
    for (const row of data.StaleHumans) expect(data.AWSIAM3).toContainEqual(row);
    expect(data.longer).toEqual([]);

    const schema = await assetql(['schema', '--config', config]);
    expect(schema.stdout).toContain('StaleHumans(days: Int = 45, where: IAMUserWhere): [IAMUser!]!');
  });

  it('refuse to start naming each problem with its file and line, and exit 2', async () => {
    const config = withViews({
      'a-unknown-type.yaml': 'name: NoSuchThing\ndescription: x\nreturns: Spaceship\nquery: iamUsers\n',
      'b-bad-filter.yaml': 'name: BadFilter\ndescription: x\nreturns: IAMUser\nquery: |\n  iamUsers(where: {\n    favouriteColour: "blue"\n  })\n',
      'c-bad-default.yaml': 'name: BadDefault\ndescription: x\nreturns: IAMUser\narguments:\n  days: { type: Int, default: "soon" }\nquery: iamUsers\n',
      'd-string-template.yaml': 'name: Injected\ndescription: x\nreturns: IAMUser\narguments:\n  name: { type: String }\nquery: \'iamUsers(where: { name: "${name}" })\'\n',
      'e-cycle-one.yaml': 'name: LoopA\ndescription: x\nreturns: IAMUser\nquery: LoopB\n',
      'f-cycle-two.yaml': 'name: LoopB\ndescription: x\nreturns: IAMUser\nquery: LoopA\n',
      'g-wrong-type.yaml': 'name: WrongType\ndescription: x\nreturns: IAMRole\nquery: iamUsers\n',
      'h-bad-time.yaml': 'name: BadTime\ndescription: x\nreturns: IAMUser\nquery: \'iamUsers(where: { hasIAMUserCredentials: { passwordLastUsed_LT: "last tuesday" } })\'\n',
      'i-not-yaml.yaml': 'name: [unclosed\n',
      'j-where-argument.yaml': 'name: Shadowed\ndescription: x\nreturns: IAMUser\narguments:\n  where: { type: String }\nquery: iamUsers\n',
    });
    const run = await assetql(['query', '--config', config, '{ connectors { id } }']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('assetql: views that cannot be served:');
    const problem = (pattern: RegExp) => expect(lines.some((line) => pattern.test(line)), `${pattern}\n${run.stderr}`).toBe(true);
    problem(/^ {2}views\/a-unknown-type\.yaml:3:\d+: view NoSuchThing: returns Spaceship, which is not an asset type$/);
    problem(/^ {2}views\/b-bad-filter\.yaml:6:5: view BadFilter: query: Field "favouriteColour" is not defined by type "IAMUserWhere"/);
    problem(/^ {2}views\/c-bad-default\.yaml:5:\d+: arguments\.days\.default: "soon" is not a value of type Int$/);
    problem(/^ {2}views\/d-string-template\.yaml:\d+:\d+: view Injected: query: \$\{name\} is a String; only Int and Float arguments are written into strings/);
    problem(/^ {2}views\/e-cycle-one\.yaml:4:\d+: view LoopA: views narrow each other in a cycle: LoopA -> LoopB -> LoopA$/);
    problem(/^ {2}views\/g-wrong-type\.yaml:\d+:\d+: view WrongType: query: iamUsers lists IAMUser, not IAMRole/);
    problem(/^ {2}views\/j-where-argument\.yaml:1:\d+: view Shadowed: an argument is named where, the name of the caller's own filter/);
    problem(/^ {2}views\/h-bad-time\.yaml:\d+:\d+: view BadTime: query: DateTime cannot represent "last tuesday"/);
    problem(/^ {2}views\/i-not-yaml\.yaml:\d+:\d+: invalid YAML/);
  });

  it('name a view file that cannot be read (a folder named like one) instead of failing inside', async () => {
    const config = withViews({ 'fine.yaml': STALE_HUMANS });
    mkdirSync(path.join(path.dirname(config), 'views', 'folder.yaml'));
    const run = await assetql(['query', '--config', config, '{ connectors { id } }']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('views/folder.yaml: cannot read the view file:');
    expect(run.stderr).not.toMatch(/internal error/);
  });

  it('refuse a name that is already a root field or another view', async () => {
    const config = withViews({ 'again.yaml': 'name: AWSIAM3\ndescription: x\nreturns: IAMUser\nquery: iamUsers\n' });
    const run = await assetql(['query', '--config', config, '{ connectors { id } }']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/views\/again\.yaml:1:\d+: view AWSIAM3: the name is also a view in assetql\/views\/AWSIAM3\.yaml/);
  });
});
