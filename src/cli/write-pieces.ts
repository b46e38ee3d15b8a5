import { once } from 'node:events';
import { textBatches } from '../text-batches.js';

/** Writes the pieces to a stream (stdout), waiting whenever it asks to: a pipe never holds the whole report. */
export async function writePieces(stream: NodeJS.WritableStream, pieces: Iterable<string>): Promise<void> {
  for (const text of textBatches(pieces)) {
    if (!stream.write(text)) await once(stream, 'drain');
  }
}
