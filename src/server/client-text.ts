import { homedir } from 'node:os';
import path from 'node:path';
import type { AssetqlConfig } from '../config/config.js';
import { PACKAGE_ROOT } from '../paths.js';

/**
 * Rewrites text for clients of the API: a file is named relative to the
 * config's folder (`./accounts/prod/credential-report.csv`), or, outside it,
 * from the last folder of the place it was configured or installed
 * (`.../prod/credential-report.csv`), never by its absolute path on this
 * machine. The text of account files quoted by V8's JSON errors is left out.
 * The messages come from every layer (connectors, checks, exceptions): this
 * is the one place they leave the process.
 */
export function clientText(config: Pick<AssetqlConfig, 'baseDir' | 'connectors' | 'checks' | 'exceptions'>): (text: string) => string {
  const roots = knownRoots(config);
  return (text) => {
    let safe = text;
    for (const { pattern, shown } of roots) safe = safe.replace(pattern, () => shown);
    return safe.replace(JSON_EXCERPT, ' (excerpt left out) is not valid JSON');
  };
}

/** `Unexpected token '}', ..."ken-abc": }" is not valid JSON`: V8 quotes up to ten characters each side, unescaped. */
const JSON_EXCERPT = /, (?:\.\.\.)?"[\s\S]*?"(?:\.\.\.)? is not valid JSON/g;

interface Root {
  pattern: RegExp;
  shown: string;
}

function knownRoots(config: Pick<AssetqlConfig, 'baseDir' | 'connectors' | 'checks' | 'exceptions'>): Root[] {
  const base = config.baseDir;
  const outside = [
    ...config.connectors.flatMap((connector) => (connector.kind === 'snapshot' ? [connector.snapshot] : [])),
    ...config.checks,
    ...(config.exceptions ? [path.dirname(config.exceptions)] : []),
    PACKAGE_ROOT,
  ].filter((dir) => !base || !isInside(dir, base));
  const roots = [
    ...(base ? [{ dir: base, shown: '.' }] : []),
    ...outside.map((dir) => ({ dir, shown: `...${path.sep}${path.basename(dir)}` })),
    { dir: homedir(), shown: '~' },
  ];
  // Longest first: a snapshot folder's own name wins over the folder it sits in.
  return roots
    .map(({ dir, shown }) => ({ dir: path.resolve(dir), shown }))
    .filter(({ dir }) => dir !== path.parse(dir).root)
    .sort((a, b) => b.dir.length - a.dir.length)
    .map(({ dir, shown }) => ({ pattern: pathPrefix(dir), shown }));
}

/** The folder where it is a whole path or the start of one: `/srv/prod` in `/srv/prod/x.csv` or `/srv/prod.`, not in `/srv/production` or `/srv/prod.d`. */
function pathPrefix(dir: string): RegExp {
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}(?!\\.*[\\w-])`, 'g');
}

const isInside = (dir: string, base: string) => {
  const relative = path.relative(base, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
};
