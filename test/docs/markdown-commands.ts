import { readFileSync } from 'node:fs';

/**
 * How a fenced block of the docs is tested, from an HTML comment on the line
 * just before its fence (invisible when the markdown is rendered):
 *
 * - no comment: each command runs as pasted, from the project root;
 * - `<!-- doc-test: aws -->`: the same, with the AWS SDK pointed at the
 *   loopback AWS endpoint (the commands need live AWS);
 * - `<!-- doc-test: server -->`: each command starts a server, which must
 *   report that it listens, and is then stopped (on loopback, port 0);
 * - `<!-- doc-test: scripts -->`: npm commands that install, run this suite or
 *   benchmark: each must name an npm command or a script of package.json;
 * - `<!-- doc-test: script -->`: the block is one script (its lines share
 *   variables and a background process), run whole with `bash -e`;
 * - `<!-- doc-test: file NAME -->` before a block of any language: the text
 *   tells the reader to create NAME with that content, so the test does.
 */
export type BlockMode = 'run' | 'aws' | 'server' | 'scripts' | 'script';

export interface DocCommand {
  /** `README.md:42`, for test names. */
  where: string;
  mode: BlockMode;
  command: string;
}

export interface DocFile {
  where: string;
  name: string;
  content: string;
}

const MARKER = /^<!--\s*doc-test:\s*(aws|server|scripts|script|file\s+(\S+))\s*-->$/;

/** The commands of every ```sh block and the files the text says to create, in document order. */
export function extractDocs(file: string, label: string): { commands: DocCommand[]; files: DocFile[] } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const commands: DocCommand[] = [];
  const files: DocFile[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence || !fence[1]) continue;
    const marker = MARKER.exec(lines[i - 1]?.trim() ?? '');
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end === -1) throw new Error(`${label}:${i + 1}: unclosed code block`);
    const body = lines.slice(i + 1, end);
    if (marker?.[2]) files.push({ where: `${label}:${i + 1}`, name: marker[2], content: `${body.join('\n')}\n` });
    else if (fence[1] === 'sh') {
      const mode = (marker?.[1] as BlockMode | undefined) ?? 'run';
      if (mode === 'script') commands.push({ where: `${label}:${i + 2}`, mode, command: body.join('\n') });
      else for (const { line, command } of joinContinuations(body)) commands.push({ where: `${label}:${i + 2 + line}`, mode, command });
    }
    i = end;
  }
  return { commands, files };
}

/** Lines ending in `\` continue on the next; blank and comment lines are not commands. */
function joinContinuations(body: readonly string[]): { line: number; command: string }[] {
  const commands: { line: number; command: string }[] = [];
  let current: { line: number; command: string } | undefined;
  body.forEach((text, line) => {
    if (!current && (text.trim() === '' || text.trim().startsWith('#'))) return;
    current ??= { line, command: '' };
    const continued = text.endsWith('\\');
    current.command += continued ? `${text}\n` : text;
    if (!continued) {
      commands.push(current);
      current = undefined;
    }
  });
  if (current) throw new Error(`a command ends in a line continuation: ${current.command}`);
  return commands;
}
