/** Helpers shared by the lib/scan tests (not used by the library itself). */
import { scanText } from "./index";
import type { Finding, ScanOptions } from "./types";

export const OPTS: ScanOptions = {
  fingerprintKey: "test-key",
  internalHostPatterns: ["*.corp.example.com", "build-*.internal"],
};

/** findings of one type */
export function findType(text: string, type: string, options: ScanOptions = OPTS): Finding[] {
  return scanText(text, options).filter((f) => f.type === type);
}

/** the matched substrings of one type */
export function matched(text: string, type: string, options: ScanOptions = OPTS): string[] {
  return findType(text, type, options).map((f) => text.slice(f.start, f.end));
}

/** complete a digit prefix with a Luhn check digit (prefix + check) */
export function withLuhn(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const c = prefix + d;
    let sum = 0;
    let dbl = false;
    for (let i = c.length - 1; i >= 0; i--) {
      let x = c.charCodeAt(i) - 48;
      if (dbl) {
        x *= 2;
        if (x > 9) x -= 9;
      }
      sum += x;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return c;
  }
  throw new Error("unreachable");
}

/** an IBAN with correct check digits for a country and BBAN */
export function makeIban(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`;
  let rem = 0;
  for (const ch of rearranged) {
    const v = /\d/.test(ch) ? ch : String(ch.charCodeAt(0) - 55);
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  const check = String(98 - rem).padStart(2, "0");
  return `${country}${check}${bban}`;
}

/** deterministic pseudo-random alphanumerics */
export function randomAlnum(n: number, seed = 7): string {
  const A = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let s = seed >>> 0;
  let out = "";
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out += A[(s >>> 16) % A.length];
  }
  return out;
}
