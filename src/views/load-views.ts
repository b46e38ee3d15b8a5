import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fsReason } from '../fs-reason.js';
import { BUNDLED_VIEWS_DIR } from '../paths.js';
import type { FileProblem } from '../yaml/file-problem.js';
import { parseViewText, type ViewDefinition } from './view-file.js';

/**
 * The bundled views and those of the config's `views:` folders, every
 * `*.yaml` / `*.yml` file one view, and the problems of those that cannot
 * be read (a folder, a file that does not parse). Problems stop start-up
 * once the rest are checked against the schema too, so all are named at
 * once: a view silently left out would make its queries fail later.
 * Read synchronously, as the SDL files are: a few small files once at
 * start-up, where a thread-pool round trip per file was mostly waiting.
 */
export async function loadViews(folders: readonly string[], options: { bundled?: boolean; baseDir?: string } = {}): Promise<LoadedViews> {
  const label = (file: string) => viewFileLabel(file, options.baseDir ?? process.cwd());
  const dirs = [...(options.bundled === false ? [] : [BUNDLED_VIEWS_DIR]), ...folders];
  const seen = new Set<string>();
  const views: ViewDefinition[] = [];
  const problems: FileProblem[] = [];
  for (const dir of dirs) {
    if (seen.has(path.resolve(dir))) continue;
    seen.add(path.resolve(dir));
    let files: string[];
    try {
      files = readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)).sort();
    } catch (error) {
      problems.push({ file: label(dir), message: `cannot read the views folder: ${fsReason(error, 'folder')}` });
      continue;
    }
    for (const file of files) {
      const full = path.join(dir, file);
      let text: string;
      try {
        text = readFileSync(full, 'utf8');
      } catch (error) {
        // A folder named like a view file, or one that cannot be read: named, with the others still checked.
        problems.push({ file: label(full), message: `cannot read the view file: ${fsReason(error)}` });
        continue;
      }
      const parsed = parseViewText(text, label(full), { bundled: path.resolve(dir) === path.resolve(BUNDLED_VIEWS_DIR) });
      problems.push(...parsed.problems);
      if (parsed.view) views.push(parsed.view);
    }
  }
  return { views, problems };
}

export interface LoadedViews {
  views: ViewDefinition[];
  problems: FileProblem[];
}

/** A bundled view as `assetql/views/<file>`, others relative to the config's folder: never an absolute path of this machine. */
function viewFileLabel(file: string, baseDir: string): string {
  const bundled = path.relative(BUNDLED_VIEWS_DIR, file);
  if (bundled === '' || (!bundled.startsWith('..') && !path.isAbsolute(bundled))) return path.join('assetql', 'views', bundled);
  return path.relative(baseDir, file) || '.';
}
