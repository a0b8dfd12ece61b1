import { logAccess, requirePage } from "@/lib/auth/guard";
import { matrixView } from "@/lib/controls/matrix-queries";
import { MatrixScreen } from "@/components/matrix/matrix-screen";

export default async function MatrixPage({ searchParams }: { searchParams: Promise<{ period?: string | string[] }> }) {
  const actor = await requirePage("matrix:read");
  const view = await matrixView(actor, (await searchParams).period);
  if (view.period) await logAccess(actor, "VIEW", "/", view.period.id);
  return <MatrixScreen view={view} isAdmin={actor.role === "ADMIN" && !actor.previewOf} />;
}
