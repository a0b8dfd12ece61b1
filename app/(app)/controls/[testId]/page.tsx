import { notFound } from "next/navigation";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { testView, type TestPageParams } from "@/lib/controls/test-queries";
import { TestScreen } from "@/components/matrix/test-screen";

export default async function TestPage({ params, searchParams }: { params: Promise<{ testId: string }>; searchParams: Promise<TestPageParams> }) {
  const actor = await requirePage("evidence:read");
  const { testId } = await params;
  const view = await testView(actor, decodeURIComponent(testId), await searchParams);
  if (!view) notFound();
  if (view.period) await logAccess(actor, "VIEW", `/controls/${view.test.id}`, view.period.id);
  return <TestScreen view={view} />;
}
