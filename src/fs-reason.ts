/**
 * Why a file or folder could not be read or written, in words and without
 * its path: Node's own message repeats the absolute path, and callers
 * already name the file the way the user knows it.
 */
export function fsReason(error: unknown, kind: 'file' | 'folder' = 'file'): string {
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
    case 'EEXIST':
      // Where a write creates folders: a file stands where one is needed.
      return 'a file is in the way';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'a read-only file system';
    default:
      return code ?? 'an unknown file system error';
  }
}
