// Reads a request body as UTF-8 text, stopping at `max` bytes (a body without a
// Content-Length header cannot make the server buffer more than the limit).
export async function readBodyLimited(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ text: string; bytes: number; tooLarge: boolean }> {
  if (!body) return { text: "", bytes: 0, tooLarge: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > max) {
      await reader.cancel().catch(() => {});
      return { text: "", bytes, tooLarge: true };
    }
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString("utf8"), bytes, tooLarge: false };
}
