import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes a snapshot folder: every file into a staging folder beside the
 * target, then swapped in whole, so files of an older snapshot cannot
 * survive into a newer one and a failed write leaves the previous snapshot
 * as it was. The old folder is renamed aside before the new one moves in,
 * and back if that fails: no step loses what was there. A target holding
 * anything but snapshot files (`known` top-level names) is not replaced.
 */
export async function writeSnapshotFolder(dir: string, files: ReadonlyMap<string, string>, known: ReadonlySet<string>): Promise<void> {
  const target = path.resolve(dir);
  await assertReplaceable(target, known);
  const suffix = randomBytes(4).toString('hex');
  const staging = `${target}.partial-${suffix}`;
  const aside = `${target}.previous-${suffix}`;
  try {
    for (const [relative, text] of files) {
      const file = path.join(staging, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text, 'utf8');
    }
    await mkdir(staging, { recursive: true });
    const hadOld = await rename(target, aside).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    try {
      await rename(staging, target);
    } catch (error) {
      if (hadOld) await rename(aside, target);
      throw error;
    }
    if (hadOld) await rm(aside, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function assertReplaceable(target: string, known: ReadonlySet<string>): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const foreign = entries.filter((entry) => !known.has(entry));
  if (foreign.length > 0) {
    // A code, like the file system's errors: the snapshot command reports it as that account's write failure.
    throw Object.assign(new Error(`${target} holds files that are not part of a snapshot (${foreign.slice(0, 3).join(', ')}); not replacing it`), { code: 'SnapshotFolderForeign' });
  }
}

/** Indented like the AWS CLI's JSON output, with a final newline. */
export function cliJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4)}\n`;
}
