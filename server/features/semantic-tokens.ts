// Semantic tokens: engine tokens (offsets, types) → LSP's relative encoding.

import { SemanticTokensBuilder, type SemanticTokensLegend } from 'vscode-languageserver';
import { SEMANTIC_TOKEN_MODIFIERS, SEMANTIC_TOKEN_TYPES, semanticTokens } from '../../engine/language/semantic-tokens';
import type { RulesDocument } from '../../engine/language/document';
import type { Span } from '../../grammar/syntax-tree';
import type { ServerContext } from '../context';
import { safe } from '../safe-handler';

export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [...SEMANTIC_TOKEN_TYPES],
  tokenModifiers: [...SEMANTIC_TOKEN_MODIFIERS],
};

function encode(rules: RulesDocument, range?: Span): number[] {
  const builder = new SemanticTokensBuilder();
  for (const token of semanticTokens(rules.parsed.tree, rules.text, range)) {
    const start = rules.lines.position(token.span.start);
    const modifiers = token.modifiers.reduce((bits, modifier) => bits | (1 << SEMANTIC_TOKEN_MODIFIERS.indexOf(modifier)), 0);
    builder.push(start.line, start.character, token.span.end - token.span.start, SEMANTIC_TOKEN_TYPES.indexOf(token.type), modifiers);
  }
  return builder.build().data;
}

export function registerSemanticTokens(context: ServerContext): void {
  const { connection, logger, store } = context;
  connection.languages.semanticTokens.on(
    safe(logger, 'semanticTokens/full', (params) => {
      const open = store.get(params.textDocument.uri);
      return open === undefined ? { data: [] } : { data: encode(open.rules) };
    }, { data: [] }),
  );
  connection.languages.semanticTokens.onRange(
    safe(logger, 'semanticTokens/range', (params) => {
      const open = store.get(params.textDocument.uri);
      if (open === undefined) return { data: [] };
      const { lines } = open.rules;
      return { data: encode(open.rules, { start: lines.offset(params.range.start), end: lines.offset(params.range.end) }) };
    }, { data: [] }),
  );
}
