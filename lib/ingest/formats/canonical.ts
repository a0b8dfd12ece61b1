import { createHash } from "node:crypto";

/**
 * Canonical JSON: object keys sorted by UTF-16 code units (as RFC 8785 / JCS does), no
 * insignificant whitespace, numbers and strings serialised the way JSON.stringify does.
 * Stable across runs and across key orders, so the same record always hashes the same.
 *
 * Like JSON.stringify: `toJSON()` is honoured (Date → ISO string), `undefined`/functions/symbols
 * are dropped from objects and become `null` in arrays, non-finite numbers become `null`.
 * Unlike JSON.stringify: a bigint is written as an integer literal instead of throwing.
 * A cyclic structure throws a TypeError.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, out, new Set<object>());
  return out.join("");
}

function write(value: unknown, out: string[], seen: Set<object>): boolean {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case "string":
      out.push(JSON.stringify(value));
      return true;
    case "number":
      out.push(Number.isFinite(value) ? JSON.stringify(value) : "null");
      return true;
    case "boolean":
      out.push(value ? "true" : "false");
      return true;
    case "bigint":
      out.push(value.toString());
      return true;
    case "undefined":
    case "function":
    case "symbol":
      return false;
  }
  if (value === null) {
    out.push("null");
    return true;
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError("canonicalJson: cyclic structure");
  seen.add(obj);
  if (Array.isArray(obj)) {
    out.push("[");
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) out.push(",");
      if (!write(obj[i], out, seen)) out.push("null");
    }
    out.push("]");
  } else {
    const record = obj as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    out.push("{");
    let first = true;
    for (const key of keys) {
      const v = record[key];
      if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
      if (!first) out.push(",");
      first = false;
      out.push(JSON.stringify(key), ":");
      write(v, out, seen);
    }
    out.push("}");
  }
  seen.delete(obj);
  return true;
}

/** SHA-256 of a string (UTF-8) or bytes, lower-case hex. */
export function sha256Hex(input: string | Uint8Array): string {
  return createHash("sha256").update(input).digest("hex");
}

/** SHA-256 hex and UTF-8 byte size of a value's canonical JSON. */
export function canonicalDigest(value: unknown): { sha256: string; bytes: number } {
  const json = canonicalJson(value);
  return { sha256: sha256Hex(json), bytes: Buffer.byteLength(json, "utf8") };
}
