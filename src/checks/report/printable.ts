/**
 * Text for a terminal. Names, titles, owners and error messages come from
 * AWS, files and requests: a raw escape sequence in one could clear the
 * screen or recolour the output, a raw newline could forge a table row, a
 * bidi override could reorder what is shown. Every human-readable output
 * passes its values through `printable`; machine formats (json, sarif,
 * junit) keep exact values and escape in their own syntax.
 */

// C0 controls, DEL, C1 controls, the Unicode line and paragraph separators,
// and the bidi embeddings, overrides, isolates and marks.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The text with every control and bidi character shown as an escape (`\x1b`, `\n`, `\u202e`). */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (char) => NAMED[char] ?? escapeCode(char.charCodeAt(0)));
}

/**
 * For messages whose line breaks are part of their layout (a list of
 * problems, a stack trace): each line made printable, the breaks kept.
 */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

function escapeCode(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
