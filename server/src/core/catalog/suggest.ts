// "Did you mean …?" for unknown config keys.
// Keys are compared after folding case and `-` to `_`, with an optimal-string-alignment Damerau–Levenshtein
// distance (swapped neighbours count as one edit) and a threshold that grows with the key's length, so
// `lora_rnak` finds `lora_rank` while short keys do not match everything. When nothing is that close, a
// candidate that is a whole-word prefix of the key (or the other way round) is offered: `deepspeed_config`
// → `deepspeed`.

/** Case- and dash-insensitive form of a key. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/-/g, '_');
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => {
    const row = new Array<number>(cols).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i][j] = best;
    }
  }
  return d[rows - 1][cols - 1];
}

/** Edits tolerated for a key of this length: 1 for short keys, about a quarter of the length beyond. */
function maxEdits(length: number): number {
  if (length <= 4) return 1;
  if (length <= 8) return 2;
  return Math.min(4, Math.floor(length / 4) + 1);
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** The closest candidate to an unknown key, or undefined when none is close enough to be a likely typo. */
export function suggestKey(name: string, candidates: string[]): string | undefined {
  if (candidates.includes(name)) return undefined;
  const target = normalise(name);
  if (target.length === 0) return undefined;

  let best: { key: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    const norm = normalise(candidate);
    const distance = norm === target ? 0 : editDistance(target, norm);
    if (distance > maxEdits(Math.max(target.length, norm.length))) continue;
    const prefix = commonPrefixLength(target, norm);
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) {
      best = { key: candidate, distance, prefix };
    }
  }
  if (best) return best.key;

  // Whole-word prefix: the user added a trailing word (deepspeed_config → deepspeed), or dropped one
  // (optim_target → optim_target_modules) when exactly one key starts that way.
  let longer: string | undefined;
  const extended: string[] = [];
  for (const candidate of candidates) {
    const norm = normalise(candidate);
    if (norm.length >= 4 && target.startsWith(norm + '_') && (!longer || norm.length > normalise(longer).length)) {
      longer = candidate;
    }
    if (target.length >= 4 && norm.startsWith(target + '_')) extended.push(candidate);
  }
  return longer ?? (extended.length === 1 ? extended[0] : undefined);
}
