import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { t } from '../l10n';
import type { ConfigNode, MapEntry, ParsedConfig, ParseProblem, Span } from './configTree';

/**
 * Strict JSON, as Python's json.load reads DeepSpeed and adapter configs: comments and trailing commas are errors.
 * Python accepts duplicate keys (the last wins), so they are reported by a rule, not as syntax errors.
 */
export function parseJsonConfig(text: string): ParsedConfig {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  // The scanner can report several errors at one offset (a trailing comma is "property expected" and "value
  // expected"); the first says it.
  const seen = new Set<number>();
  const problems: ParseProblem[] = errors.filter((e) => !seen.has(e.offset) && seen.add(e.offset)).map((e) => ({
    span: { start: e.offset, end: Math.min(text.length, e.offset + Math.max(1, e.length)) },
    message: jsonErrorMessage(e),
    code: 'json-syntax',
  }));
  const root = tree ? convert(tree, problems) : null;
  return { format: 'json', text, root, problems, comments: [] };
}

function jsonErrorMessage(e: ParseError): string {
  const name = printParseErrorCode(e.error);
  switch (name) {
    case 'InvalidCommentToken':
      return t('Comments are not allowed in JSON (Python’s json.load rejects them).');
    case 'PropertyNameExpected':
    case 'ValueExpected':
      return t('Expected a value here (a trailing comma is not allowed in JSON).');
    case 'CommaExpected':
      return t('Expected a comma.');
    case 'ColonExpected':
      return t('Expected a colon after the key.');
    case 'CloseBraceExpected':
      return t('Expected a closing brace.');
    case 'CloseBracketExpected':
      return t('Expected a closing bracket.');
    case 'EndOfFileExpected':
      return t('Unexpected content after the end of the JSON value.');
    case 'UnexpectedEndOfString':
      return t('Unterminated string.');
    default:
      return t`JSON syntax error (${name}).`;
  }
}

function span(node: JsonNode): Span {
  return { start: node.offset, end: node.offset + node.length };
}

function convert(node: JsonNode, problems: ParseProblem[]): ConfigNode {
  switch (node.type) {
    case 'object': {
      const entries: MapEntry[] = [];
      const seen = new Map<string, Span>();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode) continue;
        const key = String(keyNode.value);
        const keySpan = span(keyNode);
        const first = seen.get(key);
        if (first) {
          problems.push({
            span: keySpan,
            message: t`Duplicate key '${key}': only its last value is used.`,
            code: 'duplicate-key',
            related: { span: first, message: t`'${key}' is first defined here` },
          });
        } else seen.set(key, keySpan);
        const value: ConfigNode = valueNode
          ? convert(valueNode, problems)
          : { type: 'scalar', span: { start: keySpan.end, end: keySpan.end }, value: null, source: '', style: 'plain' };
        entries.push({ key, keySpan, value });
      }
      return { type: 'map', span: span(node), entries, flow: true };
    }
    case 'array':
      return { type: 'seq', span: span(node), items: (node.children ?? []).map((c) => convert(c, problems)), flow: true };
    case 'string':
      return { type: 'scalar', span: span(node), value: String(node.value), source: String(node.value), style: 'quoted' };
    case 'number':
    case 'boolean':
    case 'null':
      return { type: 'scalar', span: span(node), value: node.value ?? null, source: JSON.stringify(node.value ?? null), style: 'plain' };
    default:
      return { type: 'scalar', span: span(node), value: null, source: '', style: 'plain' };
  }
}
