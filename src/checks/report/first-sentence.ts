/**
 * The first sentence of a markdown text, its line breaks joined: what the
 * table shows as the hint, where the first physical line of a wrapped YAML
 * paragraph would stop mid-phrase. A full stop followed by a lower-case word
 * ("e.g. the") does not end a sentence; a first paragraph with no sentence
 * end is shown whole.
 */
export function firstSentence(markdown: string): string {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  const text = paragraph.split('\n').map((line) => line.trim()).join(' ');
  const end = /[.!?](?=\s+[^a-z\s]|\s*$)/.exec(text);
  return end ? text.slice(0, end.index + 1) : text;
}
