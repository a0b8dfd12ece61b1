import type { Db } from "../db/client";
import { CATALOGUE } from "./catalogue";

/** Writes the catalogue's controls and tests (idempotent; run after migrations). */
export async function syncCatalogue(db: Db): Promise<void> {
  let order = 0;
  for (const [ci, c] of CATALOGUE.entries()) {
    await db.control.upsert({
      where: { id: c.id },
      create: { id: c.id, title: c.title, description: c.description, sortOrder: ci },
      update: { title: c.title, description: c.description, sortOrder: ci },
    });
    for (const t of c.tests) {
      const data = { controlId: c.id, title: t.title, procedure: t.procedure, ruleVersion: t.ruleVersion, sortOrder: order++ };
      await db.controlTest.upsert({ where: { id: t.id }, create: { id: t.id, ...data }, update: data });
    }
  }
}
