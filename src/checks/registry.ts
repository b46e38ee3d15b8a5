import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { compileCheck, type Check, type CheckValidator } from './compile.js';
import { loadCheckFile } from './load-file.js';
import { CheckValidationError, type CheckProblem } from './problems.js';
import { fsReason } from '../fs-reason.js';

/** Check files are the YAML files of a folder (not its subfolders). */
export const CHECK_FILE = /\.ya?ml$/i;

/** The registered checks, by id. Everything is validated before it gets in. */
export class CheckRegistry {
  private readonly byId = new Map<string, Check>();

  /** `label` names files in problems (relative to the config's folder, say). @default the path as given */
  constructor(
    private readonly validator: CheckValidator,
    private readonly label: (file: string) => string = (file) => file,
  ) {}

  /** Every registered check, in id order. */
  list(): Check[] {
    return [...this.byId.values()].sort((a, b) => a.definition.id.localeCompare(b.definition.id));
  }

  get(id: string): Check | undefined {
    return this.byId.get(id);
  }

  /** Validates a definition written in code and registers it; throws `CheckValidationError` listing every problem. */
  register(input: unknown): Check {
    const { check, problems } = compileCheck(input, this.validator);
    if (!check) throw new CheckValidationError(problems);
    this.add(check);
    return check;
  }

  /** Adds an already validated check; an id registered twice is an error naming both places. */
  add(check: Check): void {
    const existing = this.byId.get(check.definition.id);
    if (existing) {
      const where = (c: Check) => (c.file ? this.label(c.file) : 'registered in code');
      throw new CheckValidationError([{ file: check.file ? this.label(check.file) : undefined, field: 'id', message: `"${check.definition.id}" is already defined in ${where(existing)}` }]);
    }
    this.byId.set(check.definition.id, check);
  }

  /**
   * Loads every check file of the folders. Valid checks are registered even when
   * others fail, and every problem is returned (duplicate ids name both files).
   * `optional` folders may be missing; any other missing folder is a problem.
   */
  async loadFolders(folders: readonly { dir: string; optional?: boolean }[]): Promise<CheckProblem[]> {
    const problems: CheckProblem[] = [];
    for (const { dir, optional } of folders) {
      let names: string[];
      try {
        names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && CHECK_FILE.test(e.name)).map((e) => e.name).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' && optional) continue;
        problems.push({ file: this.label(dir), message: `cannot read the checks folder: ${fsReason(error, 'folder')}` });
        continue;
      }
      const loaded = await Promise.all(names.map((name) => loadCheckFile(path.join(dir, name), this.validator, this.label(path.join(dir, name)))));
      for (const file of loaded) {
        problems.push(...file.problems);
        if (!file.check) continue;
        try {
          this.add(file.check);
        } catch (error) {
          problems.push(...(error as CheckValidationError).problems);
        }
      }
    }
    return problems;
  }
}
