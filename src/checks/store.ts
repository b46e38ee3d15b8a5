import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import writeStagingFile from 'write-file-atomic';
import { textBatches } from '../text-batches.js';

/** An exclusive write found the file already there. */
export class FileExistsError extends Error {
  override readonly name = 'FileExistsError';
  constructor(readonly file: string) {
    super(`${path.basename(file)} already exists`);
  }
}

export interface AtomicWriteOptions {
  /**
   * Create the file only if it does not exist, else throw `FileExistsError`:
   * of two processes writing the same new file at once, exactly one wins.
   * @default false (replace)
   */
  exclusive?: boolean;
}

// Our staging files carry the writer's pid, so a later write can tell one whose writer was killed
// from one being written right now. write-file-atomic's own temporary file adds a `.<number>` suffix.
const STAGING = /^\.assetql-(\d+)-[0-9a-f]{8}\.tmp(\.\d+)?$/;

/**
 * Writes a file so readers see the old content or the new, never half of
 * it, and the content is on disk before the name points at it: the text is
 * written and fsynced into a staging file in the same folder (by
 * write-file-atomic), then renamed over the file, or, when `exclusive`,
 * hard-linked to its name (link(2) refuses an existing name, atomically).
 * Staging files that killed writers left in the folder are removed first.
 * The text may come in pieces (a report too large for one string).
 */
export async function writeFileAtomic(file: string, text: string | Iterable<string>, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  await removeOrphanedStagingFiles(dir);
  const staging = path.join(dir, `.assetql-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (typeof text === 'string') await writeStagingFile(staging, text, { encoding: 'utf8' });
    else await writeStagingPieces(staging, text);
    if (options.exclusive) await link(staging, file);
    else await rename(staging, file);
  } catch (error) {
    if (options.exclusive && (error as NodeJS.ErrnoException).code === 'EEXIST') throw new FileExistsError(file);
    throw error;
  } finally {
    await rm(staging, { force: true });
  }
  await syncFolder(dir);
}

/** write-file-atomic takes one string or buffer, and a report can be larger than either may be. */
async function writeStagingPieces(staging: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(staging, 'wx');
  try {
    for (const text of textBatches(pieces)) await handle.write(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Deletes our staging files in `dir` whose writing process no longer runs.
 * Never anyone else's file. (A writer in another pid namespace sharing the
 * folder looks gone: its write then fails loudly; nothing is ever corrupted.)
 */
export async function removeOrphanedStagingFiles(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => []);
  await Promise.all(
    names.map(async (name) => {
      const match = STAGING.exec(name);
      if (match && !isRunning(Number(match[1]))) await rm(path.join(dir, name), { force: true });
    }),
  );
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user. Only "no such process" means the writer is gone.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** The new name survives a crash only once the folder itself is on disk; best effort where folders cannot be opened. */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself is already synced.
  } finally {
    await handle.close();
  }
}
