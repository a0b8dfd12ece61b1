import { requirePage } from "@/lib/auth/guard";
import { db } from "@/lib/db/client";

export default async function MatrixPage() {
  await requirePage("matrix:read");
  const controls = await db().control.findMany({ orderBy: { sortOrder: "asc" }, include: { tests: { orderBy: { sortOrder: "asc" } } } });
  return (
    <>
      <h1>Control matrix</h1>
      {controls.map((c) => (
        <section key={c.id} className="panel">
          <h2>{c.id} {c.title}</h2>
          <ul>{c.tests.map((t) => <li key={t.id}>{t.id} {t.title}</li>)}</ul>
        </section>
      ))}
    </>
  );
}
