import { createDb, type Db } from "../db/client";
import { runningEmbeddedUrl, startEmbedded } from "../db/embedded";
import { migrate } from "../db/migrate";
import { syncCatalogue } from "../controls/sync-catalogue";

/**
 * Runs `fn` against DATABASE_URL, or the embedded database: the running server's
 * when `npm start` is up, otherwise PGlite opened in this process.
 */
export async function withDatabase<T>(fn: (db: Db, url: string) => Promise<T>): Promise<T> {
  let url = process.env.DATABASE_URL;
  let embedded: Awaited<ReturnType<typeof startEmbedded>> | null = null;
  if (!url) {
    url = (await runningEmbeddedUrl()) ?? undefined;
    if (!url) {
      embedded = await startEmbedded();
      url = embedded.url;
      process.env.DATABASE_POOL_MAX = "1";
    }
  }
  await migrate(url);
  const db = createDb(url);
  try {
    await syncCatalogue(db);
    return await fn(db, url);
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
}
