// The platform's sentence segmentation (Unicode UAX #29): "e.g." and the dots of a link do not end a sentence.
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * The first sentence of a markdown text's first paragraph, its line breaks
 * joined: what the table shows as the hint, where the first physical line of
 * a wrapped YAML paragraph would stop mid-phrase.
 */
export function firstSentence(markdown: string): string {
  const paragraph = markdown.trim().split(/\n\s*\n/)[0] ?? '';
  const text = paragraph.split('\n').map((line) => line.trim()).join(' ');
  const [first] = sentences.segment(text);
  return (first?.segment ?? '').trim();
}
