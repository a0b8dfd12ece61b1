/**
 * Small, allocation-free helpers shared by the detectors.
 * Everything here is pure and works on JavaScript string indices (UTF-16 code units).
 */

export function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isAlphaCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAlnumCode(c: number): boolean {
  return isDigitCode(c) || isAlphaCode(c);
}

/** [A-Za-z0-9_] */
export function isWordCode(c: number): boolean {
  return isAlnumCode(c) || c === 95;
}

export function isHexCode(c: number): boolean {
  return isDigitCode(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/** char code at i, or -1 outside the string */
export function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

/** Luhn (mod 10) check over a string of ASCII digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const ENTROPY_COUNTS = new Int32Array(128);

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let ascii = true;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 128) ascii = false;
  let h = 0;
  if (ascii) {
    const counts = ENTROPY_COUNTS;
    for (let i = 0; i < n; i++) counts[s.charCodeAt(i)]++;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const k = counts[c];
      if (k > 0) {
        const p = k / n;
        h -= p * Math.log2(p);
        counts[c] = 0;
      }
    }
    return h;
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    map.set(c, (map.get(c) ?? 0) + 1);
  }
  for (const k of map.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** number of character classes present among lower, upper, digit, other */
export function charClassCount(s: string): number {
  let lower = 0;
  let upper = 0;
  let digit = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * "High entropy" for a secret value. Short strings cannot reach a high absolute
 * entropy (8 distinct characters is at most 3 bits/char), so the threshold scales
 * with the length and is capped at 3.5 bits/char.
 */
export function isHighEntropy(s: string, minLength = 8): boolean {
  if (s.length < minLength) return false;
  const threshold = Math.min(3.5, Math.log2(s.length) * 0.85);
  return shannonEntropy(s) >= threshold;
}

/** true when any of the literals occurs in text (case-sensitive; pass the casings you care about). */
export function containsAny(text: string, literals: readonly string[]): boolean {
  for (let i = 0; i < literals.length; i++) if (text.indexOf(literals[i]) !== -1) return true;
  return false;
}
