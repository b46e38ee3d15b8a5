/**
 * Why a file or folder could not be read, in words and without its path:
 * Node's own message repeats the absolute path, and callers already name
 * the file the way the user knows it.
 */
export function readFailure(error: unknown, kind: 'file' | 'folder' = 'file'): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return `no such ${kind}`;
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder, not a file';
    case 'ENOTDIR':
      return 'not a folder';
    default:
      return code ?? 'unreadable';
  }
}
