/**
 * Record framing for gateway-log files, with bounded memory.
 *
 * - JSON Lines: one value per line; CRLF or LF; blank lines skipped (but counted); a UTF-8
 *   BOM at the start is ignored; a line longer than `maxLineBytes` yields an error without
 *   being buffered; a bad line yields an error with its 1-based line number and the
 *   following lines are still read.
 * - A JSON document spanning several lines: a top-level array (`[ {...}, {...} ]`) or an
 *   object that does not close on its first line. Array elements are streamed one by one
 *   (line number = line where the element starts). For an object, the elements of its
 *   `result` (Cloudflare logs API), `data`, `logs`, `records` or `items` array are streamed;
 *   an object without such an array is yielded whole (a pretty-printed single record).
 *   Several documents may follow each other.
 * - A single-line Cloudflare API envelope `{"result": [...], "success": true, ...}` is
 *   unwrapped into its `result` elements.
 *
 * Error messages never quote the input (it may hold prompt text): JSON syntax errors are
 * reported as "invalid JSON: Unexpected token 'x' at position N".
 */

export interface RecordItem {
  /** 1-based line where the record starts */
  lineNumber: number;
  /** parsed JSON, when the record is valid */
  value?: unknown;
  /** why the record could not be read */
  error?: string;
  /** size of the record's text in bytes (UTF-8, without the line terminator) */
  bytes: number;
}

export interface ReadRecordsOptions {
  /** longest line / record accepted, in bytes (default 32 MiB) */
  maxLineBytes?: number;
  /** called with every raw chunk read, e.g. to hash the source while streaming */
  onData?: (chunk: Buffer) => void;
}

export const DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024;

export async function* readRecords(
  input: NodeJS.ReadableStream | AsyncIterable<string | Uint8Array>,
  opts: ReadRecordsOptions = {},
): AsyncGenerator<RecordItem> {
  const splitter = new RecordSplitter(opts.maxLineBytes);
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (buf.length === 0) continue;
    opts.onData?.(buf);
    const items = splitter.push(buf);
    for (const item of items) yield item;
  }
  for (const item of splitter.end()) yield item;
}

// ---------------------------------------------------------------------------

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const NEWLINE_BUF = Buffer.from([NL]);

/** Keys of an enclosing object whose array elements are the records. */
const WRAPPER_KEYS = new Set(["result", "data", "logs", "records", "items"]);

function isWs(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === NL;
}

/**
 * Push-based splitter: feed it chunks, get records back. `readRecords` wraps it; it is
 * exported for callers that already hold chunks (HTTP push bodies) and for tests.
 */
export class RecordSplitter {
  private readonly max: number;
  private started = false;
  private head: Buffer | null = null;
  private mode: "lines" | "doc" = "lines";
  private doc: DocScanner | null = null;
  // lines mode
  private lineNo = 1;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private overflow = false;
  private probed = false;

  constructor(maxLineBytes: number = DEFAULT_MAX_LINE_BYTES) {
    if (!Number.isFinite(maxLineBytes) || maxLineBytes <= 0) throw new RangeError("maxLineBytes must be a positive number");
    this.max = Math.floor(maxLineBytes);
  }

  push(chunk: Buffer): RecordItem[] {
    const out: RecordItem[] = [];
    let buf = chunk;
    if (!this.started) {
      // strip a UTF-8 BOM, which may be split across the first chunks
      buf = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      if (buf.length < 3 && (buf.length === 0 || isBomPrefix(buf))) {
        this.head = buf;
        return out;
      }
      this.head = null;
      this.started = true;
      if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
    }
    this.process(buf, 0, out);
    return out;
  }

  end(): RecordItem[] {
    const out: RecordItem[] = [];
    if (!this.started && this.head) {
      const buf = this.head;
      this.head = null;
      this.started = true;
      if (!isBomPrefix(buf) || buf.length === 0) this.process(buf, 0, out);
    }
    if (this.mode === "lines") {
      if (this.partBytes > 0 || this.overflow) this.finishLine(out);
    }
    if (this.mode === "doc" && this.doc) this.doc.end(out);
    return out;
  }

  private process(buf: Buffer, start: number, out: RecordItem[]): void {
    let pos = start;
    while (pos < buf.length) {
      if (this.mode === "doc" && this.doc) {
        const handBack = this.doc.feed(buf, pos, out);
        if (handBack < 0) return;
        // the document scanner found JSON Lines after a broken first line: back to lines
        this.mode = "lines";
        this.lineNo = this.doc.line;
        this.doc = null;
        this.probed = true;
        pos = handBack;
        continue;
      }
      const nl = buf.indexOf(NL, pos);
      const end = nl === -1 ? buf.length : nl;
      this.appendLine(buf.subarray(pos, end));
      if (nl === -1) return;
      pos = nl + 1;
      this.finishLine(out);
    }
  }

  private appendLine(slice: Buffer): void {
    if (slice.length === 0) return;
    if (this.overflow) {
      this.partBytes += slice.length;
      return;
    }
    if (this.partBytes + slice.length > this.max + 1) {
      // +1 leaves room for a CR that will be stripped
      this.overflow = true;
      this.parts = [];
      this.partBytes += slice.length;
      return;
    }
    this.parts.push(slice);
    this.partBytes += slice.length;
  }

  private finishLine(out: RecordItem[]): void {
    const lineNumber = this.lineNo++;
    let bytes = this.partBytes;
    const overflow = this.overflow;
    let line = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.partBytes);
    this.parts = [];
    this.partBytes = 0;
    this.overflow = false;
    if (overflow) {
      this.probed = true;
      out.push({ lineNumber, error: `line exceeds ${this.max} bytes`, bytes });
      return;
    }
    if (line.length && line[line.length - 1] === CR) {
      line = line.subarray(0, line.length - 1);
      bytes--;
    }
    if (bytes > this.max) {
      this.probed = true;
      out.push({ lineNumber, error: `line exceeds ${this.max} bytes`, bytes });
      return;
    }
    const first = firstNonWs(line);
    if (first === -1) return; // blank line
    if (!this.probed) {
      this.probed = true;
      const c = line[first];
      if (c === OPEN_ARR || (c === OPEN_OBJ && opensMultiLineDocument(line))) {
        this.mode = "doc";
        this.doc = new DocScanner(this.max, lineNumber);
        this.doc.feed(Buffer.concat([line, NEWLINE_BUF]), 0, out);
        return;
      }
    }
    const text = line.toString("utf8");
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      out.push({ lineNumber, error: `invalid JSON: ${describeJsonError(text)}`, bytes });
      return;
    }
    if (isApiEnvelope(value)) {
      for (const element of value.result) {
        out.push({ lineNumber, value: element, bytes: Buffer.byteLength(JSON.stringify(element) ?? "", "utf8") });
      }
      return;
    }
    out.push({ lineNumber, value, bytes });
  }
}

function isBomPrefix(buf: Buffer): boolean {
  const bom = [0xef, 0xbb, 0xbf];
  for (let i = 0; i < buf.length && i < 3; i++) if (buf[i] !== bom[i]) return false;
  return true;
}

function firstNonWs(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) if (!isWs(buf[i])) return i;
  return -1;
}

/**
 * Does a first line starting with "{" open a multi-line document? Yes when the object does
 * not close on the line, the line does not end inside a string, and it ends the way a
 * pretty-printer ends lines (after "{", "[", "," or ":"). A truncated JSON Lines record
 * rarely ends like that, and if it does, the document scanner hands back to line mode.
 */
function opensMultiLineDocument(line: Buffer): boolean {
  let depth = 0;
  let inString = false;
  let escape = false;
  let last = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (inString) {
      if (escape) escape = false;
      else if (c === BACKSLASH) escape = true;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (isWs(c)) continue;
    last = c;
    if (c === QUOTE) inString = true;
    else if (c === OPEN_ARR || c === OPEN_OBJ) depth++;
    else if (c === CLOSE_ARR || c === CLOSE_OBJ) {
      depth--;
      if (depth <= 0) return false;
    }
  }
  return !inString && depth > 0 && (last === OPEN_OBJ || last === OPEN_ARR || last === COMMA || last === COLON);
}

function isApiEnvelope(v: unknown): v is { result: unknown[] } {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return Array.isArray(o.result) && ("success" in o || "result_info" in o || "errors" in o);
}

// ---------------------------------------------------------------------------
// multi-line JSON documents

interface Capture {
  line: number;
  parts: Buffer[];
  bytes: number;
  overflow: boolean;
  /** index in the current chunk where uncollected bytes start */
  start: number;
}

class DocScanner {
  line: number;
  private state: "between" | "root" | "skipLine" = "between";
  private atLineStart = true;
  private rootKind = OPEN_ARR;
  private rootLine = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  // object roots: top-level key tracking
  private expectKey = false;
  private awaitingValue = false;
  private keyBytes: number[] | null = null;
  private lastKey: string | null = null;
  private targetOpen = false;
  private targetUsed = false;
  // captures
  private elem: Capture | null = null;
  private whole: Capture | null = null;

  constructor(
    private readonly max: number,
    firstLine: number,
  ) {
    this.line = firstLine;
  }

  /** Consume buf[start..]. Returns -1, or an index from which the caller should read JSON Lines. */
  feed(buf: Buffer, start: number, out: RecordItem[]): number {
    if (this.elem) this.elem.start = start;
    if (this.whole) this.whole.start = start;
    for (let i = start; i < buf.length; i++) {
      const c = buf[i];
      const lineStart = this.atLineStart;
      this.atLineStart = c === NL;

      if (this.state === "skipLine") {
        if (c === NL) {
          this.line++;
          this.state = "between";
        }
        continue;
      }
      if (this.state === "between") {
        if (c === NL) this.line++;
        else if (isWs(c)) continue;
        else if (c === OPEN_ARR || c === OPEN_OBJ) this.beginRoot(c, i);
        else {
          out.push({ lineNumber: this.line, error: "invalid JSON: unexpected content outside a JSON document", bytes: 0 });
          this.state = "skipLine";
        }
        continue;
      }

      // inside a root value
      if (this.inString) {
        if (!this.escape && !this.keyBytes && c !== QUOTE && c !== BACKSLASH && c !== NL) {
          // fast path through string contents
          let j = i + 1;
          while (j < buf.length) {
            const d = buf[j];
            if (d === QUOTE || d === BACKSLASH || d === NL) break;
            j++;
          }
          i = j - 1;
          continue;
        }
        if (c === NL) {
          // a raw newline cannot occur in a JSON string: the value is broken
          this.line++;
          this.recoverFromBrokenString(out);
          continue;
        }
        if (this.escape) this.escape = false;
        else if (c === BACKSLASH) this.escape = true;
        else if (c === QUOTE) {
          this.inString = false;
          if (this.keyBytes) this.finishKey();
          continue;
        }
        if (this.keyBytes && this.keyBytes.length < 1024) this.keyBytes.push(c);
        continue;
      }
      if (c === NL) {
        this.line++;
        continue;
      }
      if (isWs(c)) continue;

      if (lineStart && c === OPEN_OBJ && this.whole) {
        // a "{" in column 0 while an object root is still open: the root was a broken
        // JSON Lines record, and what follows is JSON Lines
        out.push({
          lineNumber: this.whole.line,
          error: "invalid JSON: unterminated object (the next line starts a new record)",
          bytes: this.whole.bytes,
        });
        this.whole = null;
        this.state = "between";
        return i;
      }

      const elemDepth = this.rootKind === OPEN_ARR ? 1 : 2;
      const inTarget = this.rootKind === OPEN_ARR ? this.depth === 1 : this.targetOpen && this.depth === 2;
      if (inTarget && !this.elem && c !== COMMA && c !== CLOSE_ARR && c !== CLOSE_OBJ) {
        this.elem = { line: this.line, parts: [], bytes: 0, overflow: false, start: i };
      }
      const topOfObject = this.rootKind === OPEN_OBJ && this.depth === 1;

      switch (c) {
        case QUOTE:
          this.inString = true;
          if (topOfObject && this.expectKey) {
            this.expectKey = false;
            this.keyBytes = [];
          } else if (topOfObject) this.awaitingValue = false;
          break;
        case OPEN_ARR:
        case OPEN_OBJ:
          if (topOfObject && this.awaitingValue) {
            this.awaitingValue = false;
            if (c === OPEN_ARR && !this.targetUsed && this.lastKey !== null && WRAPPER_KEYS.has(this.lastKey)) {
              this.targetOpen = true;
              this.targetUsed = true;
              this.whole = null; // a wrapper: its elements are the records
            }
          }
          this.depth++;
          break;
        case CLOSE_ARR:
        case CLOSE_OBJ:
          if (this.elem && this.depth === elemDepth) this.endElem(buf, i, out);
          this.depth--;
          if (this.targetOpen && this.depth === 1) this.targetOpen = false;
          if (this.depth <= 0) this.endRoot(buf, i, out);
          break;
        case COMMA:
          if (this.elem && this.depth === elemDepth) this.endElem(buf, i, out);
          else if (topOfObject) {
            this.expectKey = true;
            this.awaitingValue = false;
          }
          break;
        case COLON:
          if (topOfObject) this.awaitingValue = true;
          break;
        default:
          if (topOfObject) this.awaitingValue = false;
      }
    }
    if (this.elem) this.collect(this.elem, buf.subarray(this.elem.start));
    if (this.whole) this.collect(this.whole, buf.subarray(this.whole.start));
    return -1;
  }

  end(out: RecordItem[]): void {
    if (this.state !== "root") return;
    const message = "invalid JSON: unexpected end of input";
    if (this.elem) out.push({ lineNumber: this.elem.line, error: message, bytes: this.elem.bytes });
    else if (this.whole) out.push({ lineNumber: this.whole.line, error: message, bytes: this.whole.bytes });
    else out.push({ lineNumber: this.rootLine, error: `${message} (unterminated JSON ${this.rootKind === OPEN_ARR ? "array" : "object"})`, bytes: 0 });
    this.elem = null;
    this.whole = null;
    this.state = "between";
  }

  private beginRoot(c: number, i: number): void {
    this.state = "root";
    this.rootKind = c;
    this.rootLine = this.line;
    this.depth = 1;
    this.inString = false;
    this.escape = false;
    this.expectKey = c === OPEN_OBJ;
    this.awaitingValue = false;
    this.keyBytes = null;
    this.lastKey = null;
    this.targetOpen = false;
    this.targetUsed = false;
    this.elem = null;
    this.whole = c === OPEN_OBJ ? { line: this.line, parts: [], bytes: 0, overflow: false, start: i } : null;
  }

  private endRoot(buf: Buffer, i: number, out: RecordItem[]): void {
    this.state = "between";
    this.depth = 0;
    if (this.whole) {
      this.collect(this.whole, buf.subarray(this.whole.start, i + 1));
      this.emit(this.whole, out);
      this.whole = null;
    }
  }

  private endElem(buf: Buffer, i: number, out: RecordItem[]): void {
    const elem = this.elem!;
    this.collect(elem, buf.subarray(elem.start, i));
    this.emit(elem, out);
    this.elem = null;
  }

  private finishKey(): void {
    const raw = Buffer.from(this.keyBytes!).toString("utf8");
    this.keyBytes = null;
    try {
      this.lastKey = raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
    } catch {
      this.lastKey = raw;
    }
  }

  private recoverFromBrokenString(out: RecordItem[]): void {
    this.inString = false;
    this.escape = false;
    this.keyBytes = null;
    const message = "invalid JSON: unterminated string";
    if (this.elem) {
      out.push({ lineNumber: this.elem.line, error: message, bytes: this.elem.bytes });
      this.elem = null;
      this.depth = this.rootKind === OPEN_ARR ? 1 : 2; // continue with the next element
    } else {
      const line = this.whole?.line ?? this.rootLine;
      out.push({ lineNumber: line, error: message, bytes: this.whole?.bytes ?? 0 });
      this.whole = null;
      this.state = "between"; // the root is lost; look for the next document
    }
  }

  private collect(cap: Capture, slice: Buffer): void {
    cap.start = 0;
    if (slice.length === 0) return;
    cap.bytes += slice.length;
    if (cap.overflow) return;
    if (cap.bytes > this.max) {
      cap.overflow = true;
      cap.parts = [];
      return;
    }
    cap.parts.push(slice);
  }

  private emit(cap: Capture, out: RecordItem[]): void {
    if (cap.overflow) {
      out.push({ lineNumber: cap.line, error: `record exceeds ${this.max} bytes`, bytes: cap.bytes });
      return;
    }
    const text = Buffer.concat(cap.parts, cap.bytes).toString("utf8");
    try {
      out.push({ lineNumber: cap.line, value: JSON.parse(text), bytes: cap.bytes });
    } catch {
      out.push({ lineNumber: cap.line, error: `invalid JSON: ${describeJsonError(text)}`, bytes: cap.bytes });
    }
  }
}

// ---------------------------------------------------------------------------
// JSON syntax errors without echoing the input

/**
 * Locates the first JSON syntax error in `s` and describes it in V8's older style
 * ("Unexpected token 'x' at position 12"), without quoting the surrounding text — Node's
 * own JSON.parse messages include a snippet of the input, which may be prompt text.
 */
export function describeJsonError(s: string): string {
  const n = s.length;
  let i = 0;
  const stack: number[] = []; // OPEN_ARR / OPEN_OBJ
  type State = "value" | "valueOrClose" | "after" | "key" | "keyOrClose" | "colon";
  let state: State = "value";

  const unexpected = (): string => {
    if (i >= n) return `Unexpected end of JSON input at position ${n}`;
    return `Unexpected token ${showChar(s, i)} at position ${i}`;
  };
  const skipWs = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === SPACE || c === TAB || c === NL || c === CR) i++;
      else break;
    }
  };
  const scanString = (): string | null => {
    i++; // opening quote
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return null;
      }
      if (c === BACKSLASH) {
        const e = s[i + 1];
        if (e === undefined) return `Unterminated string in JSON at position ${n}`;
        if (e === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(i + 2, i + 6))) return `Bad Unicode escape in JSON at position ${i}`;
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(e)) return `Bad escaped character in JSON at position ${i + 1}`;
        i += 2;
        continue;
      }
      if (c < 0x20) return `Bad control character in string literal in JSON at position ${i}`;
      i++;
    }
    return `Unterminated string in JSON at position ${n}`;
  };
  const scanNumber = (): string | null => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 512));
    if (!m || m[0] === "-") {
      i += m ? m[0].length : 0;
      return unexpected();
    }
    const next = s[i + m[0].length];
    i += m[0].length;
    if (next === "." || next === "e" || next === "E" || (next !== undefined && /[0-9]/.test(next))) return unexpected();
    return null;
  };

  for (let guard = 0; guard <= n + 1; guard++) {
    skipWs();
    switch (state) {
      case "value":
      case "valueOrClose": {
        if (i >= n) return unexpected();
        const c = s.charCodeAt(i);
        if (state === "valueOrClose" && c === CLOSE_ARR) {
          i++;
          stack.pop();
          state = "after";
        } else if (c === OPEN_OBJ) {
          stack.push(OPEN_OBJ);
          i++;
          state = "keyOrClose";
        } else if (c === OPEN_ARR) {
          stack.push(OPEN_ARR);
          i++;
          state = "valueOrClose";
        } else if (c === QUOTE) {
          const err = scanString();
          if (err) return err;
          state = "after";
        } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          const err = scanNumber();
          if (err) return err;
          state = "after";
        } else {
          const lit = ["true", "false", "null"].find((l) => s.startsWith(l, i));
          if (!lit) {
            // point at the first character that diverges from a literal, as V8 does
            for (const l of ["true", "false", "null"]) {
              if (s[i] === l[0]) {
                let k = 0;
                while (k < l.length && s[i + k] === l[k]) k++;
                i += k;
                break;
              }
            }
            return unexpected();
          }
          i += lit.length;
          state = "after";
        }
        break;
      }
      case "after": {
        if (stack.length === 0) return i >= n ? "Unexpected end of JSON input" : unexpected();
        if (i >= n) return unexpected();
        const c = s.charCodeAt(i);
        const top = stack[stack.length - 1];
        if (c === COMMA) {
          i++;
          state = top === OPEN_OBJ ? "key" : "value";
        } else if ((top === OPEN_ARR && c === CLOSE_ARR) || (top === OPEN_OBJ && c === CLOSE_OBJ)) {
          i++;
          stack.pop();
          state = "after";
        } else return unexpected();
        break;
      }
      case "key":
      case "keyOrClose": {
        if (i >= n) return unexpected();
        const c = s.charCodeAt(i);
        if (state === "keyOrClose" && c === CLOSE_OBJ) {
          i++;
          stack.pop();
          state = "after";
          break;
        }
        if (c !== QUOTE) return unexpected();
        const err = scanString();
        if (err) return err;
        state = "colon";
        break;
      }
      case "colon":
        if (i >= n || s.charCodeAt(i) !== COLON) return unexpected();
        i++;
        state = "value";
        break;
    }
  }
  return "Unexpected token";
}

function showChar(s: string, i: number): string {
  const cp = s.codePointAt(i)!;
  if (cp >= 0x21 && cp <= 0x7e) return `'${String.fromCharCode(cp)}'`;
  return `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;
}
