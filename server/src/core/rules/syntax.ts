import type { Rule } from './rule';

export const yamlSyntax: Rule = {
  id: 'yaml-syntax',
  kinds: 'all',
  severity: 'error',
  title: 'YAML that the loader cannot read',
  check(ctx, report) {
    for (const p of ctx.parsed.problems) if (p.code === 'yaml-syntax') report({ span: p.span, message: p.message });
  },
};

export const jsonSyntax: Rule = {
  id: 'json-syntax',
  kinds: 'all',
  severity: 'error',
  title: 'JSON that Python’s json.load cannot read (comments, trailing commas, …)',
  check(ctx, report) {
    for (const p of ctx.parsed.problems) if (p.code === 'json-syntax') report({ span: p.span, message: p.message });
  },
};

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

export const aliasLimit: Rule = {
  id: 'analysis-limit',
  kinds: 'all',
  severity: 'info',
  title: 'Part of the document is not analysed (size or alias limits)',
  check(ctx, report) {
    for (const p of ctx.parsed.problems) if (p.code === 'alias-limit') report({ span: p.span, message: p.message });
  },
};

export const directiveSyntax: Rule = {
  id: 'directive',
  kinds: 'all',
  severity: 'warning',
  title: 'A malformed `# vramlint:` directive',
  check(ctx, report) {
    for (const p of ctx.directives.problems) report({ span: p.span, message: p.message });
  },
};
