import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";

export type Db = PrismaClient;
export { Prisma } from "../generated/prisma/client";

export function createDb(connectionString: string, opts: { max?: number } = {}): Db {
  const max = opts.max ?? Number(process.env.DATABASE_POOL_MAX ?? 10);
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const holder = globalThis as unknown as { __aiSdlcDb?: Db; __aiSdlcDbUrl?: string };

/** The process-wide client for DATABASE_URL (one per process, also across Next.js hot reloads). */
export function db(): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (npm start sets it; see README)");
  if (!holder.__aiSdlcDb || holder.__aiSdlcDbUrl !== url) {
    holder.__aiSdlcDb = createDb(url);
    holder.__aiSdlcDbUrl = url;
  }
  return holder.__aiSdlcDb;
}
