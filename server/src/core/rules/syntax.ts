import type { ParseProblem } from '../parsing/configTree';
import type { Rule } from './rule';

/** A rule that reports the parser's problems of one kind as they are. */
function parseProblemRule(id: string, code: ParseProblem['code'], severity: Rule['severity'], title: string): Rule {
  return {
    id,
    kinds: 'all',
    severity,
    title,
    check(ctx, report) {
      for (const p of ctx.parsed.problems) if (p.code === code) report({ span: p.span, message: p.message });
    },
  };
}

export const yamlSyntax = parseProblemRule('yaml-syntax', 'yaml-syntax', 'error', 'YAML that the loader cannot read');
export const jsonSyntax = parseProblemRule('json-syntax', 'json-syntax', 'error', 'JSON that Python’s json.load cannot read (comments, trailing commas, …)');

export const duplicateKey: Rule = {
  id: 'duplicate-key',
  kinds: 'all',
  severity: 'error',
  title: 'A key defined twice in one mapping',
  check(ctx, report) {
    for (const p of ctx.parsed.problems) {
      if (p.code !== 'duplicate-key') continue;
      // YAML: OmegaConf/PyYAML refuse the file. JSON: Python keeps the last value silently — still a mistake.
      report({ span: p.span, message: p.message, severity: ctx.parsed.format === 'yaml' ? 'error' : 'warning', related: p.related ? [p.related] : undefined });
    }
  },
};

export const aliasLimit = parseProblemRule('analysis-limit', 'alias-limit', 'info', 'Part of the document is not analysed (size or alias limits)');

export const directiveSyntax: Rule = {
  id: 'directive',
  kinds: 'all',
  severity: 'warning',
  title: 'A malformed `# vramlint:` directive',
  check(ctx, report) {
    for (const p of ctx.directives.problems) report({ span: p.span, message: p.message });
  },
};
