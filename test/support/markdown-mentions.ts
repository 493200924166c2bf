// GitHub turns `@name` in a comment's rendered text into a mention that notifies `name`,
// whatever Markdown escape is before the `@`; in a code span it does not. What our
// Markdown may hold: an `@` outside code spans only before the zero-width space
// (cli/format/markdown-text).

/** The `@`s of `markdown` outside code spans that GitHub could read as a mention. */
export function mentionableAts(markdown: string): string[] {
  // A code span: a run of backticks, then anything up to a run of the same length.
  const outsideCode = markdown.replace(/(`+)[\s\S]*?(?<!`)\1(?!`)/g, '');
  return [...outsideCode.matchAll(/@(?!&#8203;)\S*/g)].map((match) => match[0]);
}
