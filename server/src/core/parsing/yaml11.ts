// LLaMA-Factory loads YAML with OmegaConf, i.e. PyYAML's SafeLoader (YAML 1.1) plus a float resolver that also
// accepts `1e-4`, and without timestamps. These resolvers reproduce what that loader makes of an unquoted scalar,
// so `on`/`yes`/`no` become booleans and `0755` an octal number exactly as the training run will see them.

const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TRUE_RE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE_RE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
// OmegaConf's float resolver (omegaconf/_utils.py get_yaml_loader).
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

export function resolvePlainScalar(source: string): string | number | boolean | null {
  if (NULL_RE.test(source)) return null;
  if (TRUE_RE.test(source)) return true;
  if (FALSE_RE.test(source)) return false;
  if (INT_RE.test(source)) return parseYaml11Int(source);
  if (FLOAT_RE.test(source)) return parseYaml11Float(source);
  return source;
}

function sexagesimal(digits: string): number {
  return digits.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

function parseYaml11Int(source: string): number {
  let s = source.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
  if (s.startsWith('0')) return sign * parseInt(s.slice(1), 8);
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s);
}

function parseYaml11Float(source: string): number {
  let s = source.replace(/_/g, '').toLowerCase();
  if (s.endsWith('.nan')) return NaN;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '.inf') return sign * Infinity;
  if (s.includes(':')) return sign * sexagesimal(s);
  return sign * Number(s);
}

/**
 * How YAML 1.2 (what VS Code's YAML support and most readers assume) would read the same plain scalar, so a rule
 * can point out where the two differ.
 */
export function yaml12Reading(source: string): string | number | boolean | null {
  if (/^(?:~|null|Null|NULL|)$/.test(source)) return null;
  if (/^(?:true|True|TRUE)$/.test(source)) return true;
  if (/^(?:false|False|FALSE)$/.test(source)) return false;
  if (/^[-+]?[0-9]+$/.test(source)) return Number(source);
  if (/^0o[0-7]+$/.test(source)) return parseInt(source.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(source)) return parseInt(source.slice(2), 16);
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/.test(source)) return Number(source);
  if (/^[-+]?\.(?:inf|Inf|INF)$/.test(source)) return source.startsWith('-') ? -Infinity : Infinity;
  if (/^\.(?:nan|NaN|NAN)$/.test(source)) return NaN;
  return source;
}
