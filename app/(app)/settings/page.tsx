import { requirePage } from "@/lib/auth/guard";
import { settingsView } from "@/lib/controls/settings-queries";
import { SettingsScreen } from "@/components/exceptions/settings-screen";

export default async function SettingsPage() {
  const actor = await requirePage("settings:write");
  return <SettingsScreen settings={await settingsView()} readOnly={Boolean(actor.previewOf)} />;
}
