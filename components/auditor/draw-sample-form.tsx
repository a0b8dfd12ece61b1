"use client";
// "Draw a sample" from a test's population: size and an optional seed (a random one is recorded
// when left empty). Place it on a test page with testId, or without to choose the test.
import { useActionState } from "react";
import { drawSampleAction, type DrawState } from "@/app/(app)/samples/actions";
import { CATALOGUE } from "@/lib/controls/catalogue";

export function DrawSampleForm({ periodId, testId, defaultSize = 25, label = "Draw a sample" }: { periodId: string; testId?: string; defaultSize?: number; label?: string }) {
  const [state, action, pending] = useActionState<DrawState, FormData>(drawSampleAction, null);
  return (
    <form action={action} className="row" data-permission="samples:draw" aria-label={label}>
      <input type="hidden" name="periodId" value={periodId} />
      {testId ? (
        <input type="hidden" name="testId" value={testId} />
      ) : (
        <label>Test{" "}
          <select name="testId" defaultValue="CM-1">
            {CATALOGUE.flatMap((c) => c.tests).map((t) => <option key={t.id} value={t.id}>{t.id} {t.title}</option>)}
          </select>
        </label>
      )}
      <label>Sample size <input name="size" type="number" min={1} max={1000} defaultValue={defaultSize} required style={{ width: 90 }} /></label>
      <label>Seed <input name="seed" placeholder="random if empty" maxLength={128} /></label>
      <button type="submit" disabled={pending}>{pending ? "Drawing…" : label}</button>
      {state && !state.ok && <span role="alert" className="error">{state.message}</span>}
    </form>
  );
}
