import { logAccess, requirePage } from "@/lib/auth/guard";
import { exceptionList, type ExceptionFilters } from "@/lib/controls/exception-queries";
import { ExceptionList } from "@/components/exceptions/exception-list";

export default async function ExceptionsPage({ searchParams }: { searchParams: Promise<ExceptionFilters> }) {
  const actor = await requirePage("evidence:read");
  const filters = await searchParams;
  const view = await exceptionList(actor, filters);
  if (view.period) await logAccess(actor, "VIEW", "/exceptions", view.period.id, { filters });
  return <ExceptionList view={view} filters={filters} />;
}
