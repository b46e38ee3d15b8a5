import { EVENT_ID, SCALAR_STYLE, getScalarValue, parseEvents, type Event, type ScalarStyle } from 'js-yaml';

/** A 1-based position in a YAML file. */
export interface Position {
  line: number;
  column: number;
}

/** Where a field's key and value sit, for error messages that point at the line. */
export interface FieldLocation {
  key: Position;
  value: Position;
  /** The value's scalar style (literal block, quoted, ...) when it is a scalar. */
  style?: ScalarStyle;
  /** Indentation of a block scalar's content. */
  indent?: number;
}

type Path = readonly (string | number)[];

/**
 * Maps each field path (as zod reports it: `['compliance', 'cis', 0]`) to its
 * location, from js-yaml's event stream. Call only on text that loads.
 */
export class YamlLocations {
  private readonly byPath = new Map<string, FieldLocation>();
  private readonly lineStarts: number[];

  constructor(text: string) {
    this.lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    this.index(text, parseEvents(text, {}));
  }

  /** The location of the deepest part of `path` that exists (a missing field falls back to its parent). */
  find(path: Path): FieldLocation | undefined {
    for (let end = path.length; end >= 0; end--) {
      const found = this.byPath.get(JSON.stringify(path.slice(0, end)));
      if (found) return found;
    }
    return undefined;
  }

  position(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  private index(text: string, events: Event[]): void {
    type Frame = { kind: 'map'; path: Path; key: string | null; keyAt: Position | null } | { kind: 'seq'; path: Path; next: number };
    const stack: Frame[] = [];
    // Each node event is either a mapping key or a value at the current path.
    const place = (at: Position, extra: Pick<FieldLocation, 'style' | 'indent'>, keyText?: () => string): Path | null => {
      const parent = stack[stack.length - 1];
      if (!parent) {
        this.byPath.set('[]', { key: at, value: at, ...extra });
        return [];
      }
      if (parent.kind === 'map' && parent.key === null) {
        parent.key = keyText ? keyText() : '';
        parent.keyAt = at;
        return null;
      }
      const path = parent.kind === 'map' ? [...parent.path, parent.key as string] : [...parent.path, parent.next++];
      this.byPath.set(JSON.stringify(path), { key: parent.kind === 'map' ? parent.keyAt! : at, value: at, ...extra });
      if (parent.kind === 'map') parent.key = null;
      return path;
    };
    for (const event of events) {
      switch (event.type) {
        case EVENT_ID.SCALAR:
          place(this.position(event.valueStart), { style: event.style, indent: event.indent }, () => getScalarValue(text, event));
          break;
        case EVENT_ID.ALIAS:
          place(this.position(event.anchorStart), {});
          break;
        case EVENT_ID.MAPPING:
        case EVENT_ID.SEQUENCE: {
          const path = place(this.position(event.start), {});
          // A collection used as a key is not addressable by path; index its insides under a dummy path.
          const at = path ?? ['\u0000'];
          stack.push(event.type === EVENT_ID.MAPPING ? { kind: 'map', path: at, key: null, keyAt: null } : { kind: 'seq', path: at, next: 0 });
          break;
        }
        case EVENT_ID.POP:
          stack.pop();
          break;
      }
    }
  }
}

/**
 * Turns a position inside a scalar's text (a GraphQL error location in `query:`)
 * into a file position. Exact for block scalars (`query: |`) and single-line
 * values; for folded multi-line flow scalars it points at the value's start line.
 */
export function positionInScalar(location: FieldLocation, inner: Position): Position {
  const { value, style, indent } = location;
  if (style === SCALAR_STYLE.LITERAL_BLOCK || style === SCALAR_STYLE.FOLDED_BLOCK) {
    return { line: value.line + inner.line - 1, column: inner.column + Math.max(indent ?? 0, 0) };
  }
  if (inner.line === 1) return { line: value.line, column: value.column + inner.column - 1 };
  return { line: value.line + inner.line - 1, column: inner.column };
}
