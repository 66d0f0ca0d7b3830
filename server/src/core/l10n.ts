import * as l10n from '@vscode/l10n';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';
import catalogZhCn from '../../../l10n/catalog.l10n.zh-cn.json';

// Every user-facing string goes through `t`: English is the key (with {0}, {1}… for the values), Simplified Chinese
// comes from l10n/bundle.l10n.zh-cn.json. The server follows the editor's display language (LSP `locale`), the CLI
// `--lang` or the environment's locale.

export const t = l10n.t;

/**
 * Catalog text (key docs, deprecation and "ignored" notes from server/data/catalogs) in the current language: the
 * English text is the key of l10n/catalog.l10n.zh-cn.json, as with the code's strings. Kept apart from the code's
 * bundle because it is data, not code: node scripts/l10n-keys.mjs --catalog lists what it lacks.
 */
export function catalogText(english: string): string {
  if (current !== 'zh-cn') return english;
  return (catalogZhCn as Record<string, string>)[english] ?? english;
}

export type Locale = 'en' | 'zh-cn';

export function localeFrom(value: string | undefined | null): Locale {
  // zh, zh-CN, zh_CN.UTF-8, zh-Hans, zh-SG are Simplified Chinese; zh-TW/zh-HK are not (no Traditional bundle yet).
  return /^zh(?:[-_](?:cn|hans|sg)(?:[-_.@].*)?|[.@].*)?$/i.test(value ?? '') ? 'zh-cn' : 'en';
}

let current: Locale = 'en';

export function setLocale(value: string | undefined | null): Locale {
  current = localeFrom(value);
  l10n.config({ contents: current === 'zh-cn' ? (zhCn as Record<string, string>) : {} });
  return current;
}

export function currentLocale(): Locale {
  return current;
}

/** The CLI's locale: --lang, else LC_ALL, LC_MESSAGES, LANG (zh_CN.UTF-8 → zh-cn). */
export function localeFromEnvironment(env: Record<string, string | undefined>): Locale {
  return localeFrom(env.LC_ALL || env.LC_MESSAGES || env.LANG);
}
