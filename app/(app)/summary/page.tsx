import { requirePage } from "@/lib/auth/guard";

export default async function SummaryPage() {
  await requirePage("summary:read");
  return (
    <>
      <h1>Monthly summary</h1>
      <div className="empty">The monthly summary appears once gateway logs and repositories are ingested.</div>
    </>
  );
}
