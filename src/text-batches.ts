/** Pieces are gathered up to this many characters per write: few system calls, little memory. */
const BATCH = 1 << 20;

/** Small pieces of text joined into writes of about a mebibyte. */
export function* textBatches(pieces: Iterable<string>): Generator<string> {
  let parts: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    parts.push(piece);
    size += piece.length;
    if (size >= BATCH) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield parts.join('');
}
