// Just enough of a PDF reader to check what our own PDFs say: inflates the content streams and
// decodes the text-showing operators (Tj / TJ) that pdfkit writes for the standard fonts. Used by
// the tests ("PDF content checked by extracting its text") and by `verify` to read the cover.
import { inflateSync } from "node:zlib";

const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8a: "Š", 0x8b: "‹", 0x8c: "Œ", 0x8e: "Ž",
  0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9a: "š", 0x9b: "›", 0x9c: "œ", 0x9e: "ž", 0x9f: "Ÿ",
};

function decodeBytes(bytes: number[]): string {
  return bytes.map((b) => WIN_ANSI_HIGH[b] ?? String.fromCharCode(b)).join("");
}

function decodeHex(hex: string): string {
  const clean = hex.replace(/\s+/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 2) bytes.push(parseInt(clean.slice(i, i + 2).padEnd(2, "0"), 16));
  return decodeBytes(bytes);
}

function decodeLiteral(s: string): string {
  return s.replace(/\\([nrtbf()\\]|[0-7]{1,3})/g, (_, e: string) => {
    const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", f: "\f", "(": "(", ")": ")", "\\": "\\" };
    return map[e] ?? String.fromCharCode(parseInt(e, 8));
  });
}

function streams(pdf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const s = pdf.indexOf("stream", at, "latin1");
    if (s === -1) break;
    let begin = s + 6;
    if (pdf[begin] === 0x0d) begin++;
    if (pdf[begin] === 0x0a) begin++;
    const e = pdf.indexOf("endstream", begin, "latin1");
    if (e === -1) break;
    const raw = pdf.subarray(begin, e);
    try {
      out.push(inflateSync(raw));
    } catch {
      out.push(raw);
    }
    at = e + 9;
  }
  return out;
}

function decodeTextBlock(block: string): string {
  let line = "";
  const ops = /\[((?:[^\]\\]|\\.)*)\]\s*TJ|<([0-9a-fA-F\s]*)>\s*Tj|\(((?:[^)\\]|\\.)*)\)\s*Tj/g;
  for (let m; (m = ops.exec(block)); ) {
    if (m[1] !== undefined) {
      for (const part of m[1].match(/<[0-9a-fA-F\s]*>|\((?:[^)\\]|\\.)*\)/g) ?? []) {
        line += part.startsWith("<") ? decodeHex(part.slice(1, -1)) : decodeLiteral(part.slice(1, -1));
      }
    } else if (m[2] !== undefined) line += decodeHex(m[2]);
    else line += decodeLiteral(m[3]);
  }
  return line;
}

/**
 * The text of the PDF, a line per visual line: runs that the layout placed side by side (only
 * horizontal moves between them) are joined; any vertical move starts a new line.
 */
export function pdfTextContent(pdf: Buffer): string {
  const lines: string[] = [];
  for (const s of streams(pdf)) {
    const content = s.toString("latin1");
    let newLine = true;
    const tokens = /BT[\s\S]*?ET|(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+cm\b/g;
    for (let m; (m = tokens.exec(content)); ) {
      if (m[0].startsWith("BT")) {
        const text = decodeTextBlock(m[0]);
        if (!text) continue;
        if (newLine || lines.length === 0) lines.push(text);
        else lines[lines.length - 1] += text;
        newLine = false;
      } else {
        const [a, b, c, d, , f] = m.slice(1, 7).map(Number);
        // the page flip (1 0 0 -1 0 h) around each run is not a move
        const flip = a === 1 && b === 0 && c === 0 && d === -1;
        if (!flip && (f !== 0 || a !== 1 || d !== 1 || b !== 0 || c !== 0)) newLine = true;
      }
    }
  }
  return lines.join("\n");
}

/** The manifest hash a cover PDF carries in its document information (Keywords). */
export function pdfManifestHash(pdf: Buffer): string | null {
  const text = pdf.toString("latin1");
  const m = /manifest-sha256:([0-9a-f]{64})/.exec(text);
  if (m) return m[1];
  // pdfkit may write the info strings as hex (UTF-16BE with BOM) — look there too
  for (const hex of text.match(/\/Keywords\s*<([0-9a-fA-F]+)>/g) ?? []) {
    const h = /<([0-9a-fA-F]+)>/.exec(hex)![1];
    const buf = Buffer.from(h, "hex");
    const s = buf[0] === 0xfe && buf[1] === 0xff ? buf.subarray(2).swap16().toString("utf16le") : buf.toString("latin1");
    const mm = /manifest-sha256:([0-9a-f]{64})/.exec(s);
    if (mm) return mm[1];
  }
  return null;
}
