import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { exceptionView } from "@/lib/controls/exception-queries";
import { ExceptionDetail } from "@/components/exceptions/exception-detail";

export default async function ExceptionPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePage("evidence:read");
  const { id } = await params;
  const view = await exceptionView(actor, id);
  if (!view) notFound();
  await logAccess(actor, "VIEW", `/exceptions/${id}`, view.exception.periodId);
  return <ExceptionDetail view={view} />;
}
