import "server-only";
// Read model of the people register page.
import type { Db } from "../db/client";

export interface PeopleFilter {
  q?: string;
  /** only people with a SUGGESTED alias */
  suggested?: boolean;
  take?: number;
}

export async function peopleRegister(db: Db, f: PeopleFilter = {}) {
  const q = f.q?.trim();
  const where = {
    ...(q
      ? {
          OR: [
            { displayName: { contains: q, mode: "insensitive" as const } },
            { email: { contains: q, mode: "insensitive" as const } },
            { aliases: { some: { value: { contains: q, mode: "insensitive" as const } } } },
          ],
        }
      : {}),
    ...(f.suggested ? { aliases: { some: { status: "SUGGESTED" as const } } } : {}),
  };
  const [people, total, suggestions, counts] = await Promise.all([
    db.person.findMany({
      where,
      orderBy: [{ isBot: "asc" }, { displayName: "asc" }],
      take: f.take ?? 500,
      include: { aliases: { orderBy: [{ kind: "asc" }, { value: "asc" }] }, identities: { select: { id: true, credential: true, alias: true } } },
    }),
    db.person.count({ where }),
    db.personAlias.findMany({
      where: { status: "SUGGESTED" },
      orderBy: { value: "asc" },
      take: 200,
      include: { person: { select: { id: true, displayName: true, email: true, aliases: { where: { status: { not: "SUGGESTED" } }, select: { kind: true, value: true } } } } },
    }),
    db.personAlias.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  return {
    people,
    total,
    suggestions,
    byStatus: Object.fromEntries(counts.map((c) => [c.status, c._count._all])) as Record<string, number>,
  };
}

/** People to pick from when merging (id and name only). */
export async function peopleChoices(db: Db) {
  return db.person.findMany({ orderBy: { displayName: "asc" }, take: 2000, select: { id: true, displayName: true, email: true } });
}
