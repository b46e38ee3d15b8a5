/**
 * `JSON.stringify(value, null, 2)` in pieces, character for character.
 *
 * A report over a few thousand accounts is larger than the longest string
 * V8 can build (about 512 MiB), so the JSON formats are written piece by
 * piece: the first `depth` levels of arrays and objects are walked here,
 * and each value below them is one `JSON.stringify`, re-indented.
 */
export function* jsonChunks(value: unknown, depth = 4): Generator<string> {
  if (!representable(value)) return; // JSON.stringify gives undefined: nothing to write
  yield* walk(value, '', depth);
}

function* walk(value: unknown, pad: string, depth: number): Generator<string> {
  if (depth === 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // String values hold no raw line breaks (JSON escapes them): every one is indentation.
    const text = JSON.stringify(value, null, 2) ?? 'null';
    yield pad === '' ? text : text.replaceAll('\n', `\n${pad}`);
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[\n';
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // An array keeps its places: what JSON cannot hold is written null there.
      yield* representable(value[i]) ? walk(value[i], inner, depth - 1) : ['null'];
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    return yield `${pad}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => representable(record[key]));
  if (keys.length === 0) return yield '{}';
  yield '{\n';
  for (let i = 0; i < keys.length; i++) {
    yield `${inner}${JSON.stringify(keys[i])}: `;
    yield* walk(record[keys[i]], inner, depth - 1);
    yield i < keys.length - 1 ? ',\n' : '\n';
  }
  yield `${pad}}`;
}

/** What JSON.stringify leaves out of an object (and writes null in an array). */
function representable(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}
