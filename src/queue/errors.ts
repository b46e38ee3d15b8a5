/** A queue that cannot be used: a bad `--queue` URL, a Redis that cannot be reached. The CLI exits 2 with the message. */
export class QueueError extends Error {
  override readonly name = 'QueueError';
}
