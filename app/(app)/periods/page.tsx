import { requirePage } from "@/lib/auth/guard";
import { periodsOverview } from "@/lib/controls/period-queries";
import { PeriodsScreen } from "@/components/exceptions/periods-screen";

export default async function PeriodsPage() {
  const actor = await requirePage("periods:write");
  return <PeriodsScreen periods={await periodsOverview()} readOnly={Boolean(actor.previewOf)} />;
}
