// Embedded Postgres (PGlite) served over the wire protocol so pg/Prisma use it unchanged.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export const DATA_DIR = path.resolve(process.env.AI_SDLC_DATA_DIR ?? path.join(process.cwd(), ".data"));
const INFO_FILE = () => path.join(DATA_DIR, "embedded.json");

export interface Embedded {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The URL of an embedded database another process of ours is serving, if any. */
export async function runningEmbeddedUrl(): Promise<string | null> {
  try {
    const info = JSON.parse(await readFile(INFO_FILE(), "utf8")) as { pid: number; url: string };
    return alive(info.pid) && info.pid !== process.pid ? info.url : null;
  } catch {
    return null;
  }
}

export async function startEmbedded(opts: { dataDir?: string; port?: number; memory?: boolean } = {}): Promise<Embedded> {
  const dir = opts.dataDir ?? path.join(DATA_DIR, "pglite");
  if (!opts.memory) await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(opts.memory ? undefined : dir);
  const port = opts.port ?? (await freePort());
  // PGlite runs one query at a time; the server queues the rest. Clients keep pools small.
  const server = new PGLiteSocketServer({ db: pglite, port, host: "127.0.0.1", maxConnections: 16 });
  await server.start();
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
  if (!opts.memory) {
    await mkdir(DATA_DIR, { recursive: true });
    await writeFile(INFO_FILE(), JSON.stringify({ pid: process.pid, url }));
  }
  return {
    url,
    async stop() {
      await server.stop();
      await pglite.close();
      if (!opts.memory) await rm(INFO_FILE(), { force: true });
    },
  };
}
