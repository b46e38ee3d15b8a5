import path from 'node:path';
import { readSnapshotFile } from '../../../src/sources/snapshot/read-snapshot-file.js';
import { AwsFault } from './aws-fault.js';

/**
 * An account's data as files of the snapshot layout (src/sources/layout.ts):
 * `iam/get-account-summary.json`, `regions/<r>/...`, the legacy
 * `credential-report.csv`. A snapshot folder is one; the fake accounts of
 * the tests are another, held in memory under the same paths.
 */
export interface AccountStore {
  /** How messages name the store (the folder, or "account <id>"). */
  readonly label: string;
  /** A file's text; undefined when there is none. */
  read(relative: string): Promise<string | undefined>;
}

/** Files written by a test: path to text. */
export class MemoryStore implements AccountStore {
  constructor(readonly label: string, private readonly files: ReadonlyMap<string, string>) {}

  read(relative: string): Promise<string | undefined> {
    return Promise.resolve(this.files.get(relative));
  }
}

/** A snapshot folder, read as the snapshot connector reads it (regular files only, bounded). */
export class FolderStore implements AccountStore {
  readonly label: string;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
    this.label = dir;
  }

  async read(relative: string): Promise<string | undefined> {
    // Paths come from the layout rule with a checked region name; refuse anything else that could leave the folder.
    if (path.isAbsolute(relative) || relative.split('/').some((part) => part === '..' || part === '')) throw new AwsFault('LoopbackBadPath', 400, `not a snapshot path: ${JSON.stringify(relative).slice(0, 80)}`);
    try {
      return await readSnapshotFile(path.join(this.dir, relative));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new AwsFault('LoopbackFileUnreadable', 400, `${path.join(this.label, relative)}: ${(error as Error).message}`);
    }
  }
}
