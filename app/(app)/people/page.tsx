import Link from "next/link";
import { logAccess, requirePage } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { db } from "@/lib/db/client";
import { peopleChoices, peopleRegister } from "@/lib/people/queries";
import { confirmAliasAction, mergePeopleAction, rejectAliasAction, updatePersonAction } from "./actions";

type Search = Promise<Record<string, string | undefined>>;

const KIND: Record<string, string> = { GIT_EMAIL: "git email", GITHUB_LOGIN: "GitHub login", PROXY_USER: "gateway user", PROXY_EMAIL: "gateway email" };
const STATUS_BADGE: Record<string, string> = { AUTO: "NONE", CONFIRMED: "PASS", SUGGESTED: "CONFIDENTIAL", REJECTED: "FAIL" };

export default async function PeoplePage({ searchParams }: { searchParams: Search }) {
  const actor = await requirePage("evidence:read");
  const sp = await searchParams;
  await logAccess(actor, "VIEW", "/people", null, sp.q ? { q: sp.q } : undefined);
  const editable = can(actor.role, "registers:write") && !actor.previewOf;
  const [data, choices] = await Promise.all([
    peopleRegister(db(), { q: sp.q, suggested: sp.suggested === "1" }),
    editable ? peopleChoices(db()) : Promise.resolve([]),
  ]);
  return (
    <>
      <h1>People</h1>
      <p className="muted">
        One person, many identities: git emails, GitHub logins, gateway user ids and emails. Exact email matches and GitHub&apos;s own
        email ↔ account links are automatic; GitHub noreply addresses are certain; matches by name or handle are only suggested until
        confirmed. Independence checks compare people: an unconfirmed link is reported as &quot;possibly the same person&quot;.
      </p>
      <div className="grid" style={{ margin: "12px 0" }}>
        {(["AUTO", "CONFIRMED", "SUGGESTED", "REJECTED"] as const).map((s) => (
          <div key={s} className="panel"><div className="muted">{s.toLowerCase()} links</div><div className="stat">{(data.byStatus[s] ?? 0).toLocaleString("en")}</div></div>
        ))}
      </div>

      <h2>Suggested links</h2>
      {data.suggestions.length === 0 ? (
        <div className="empty">No link waits for a decision.</div>
      ) : (
        <table>
          <thead><tr><th>Identity</th><th>Suggested person</th><th>Known as</th>{editable && <th />}</tr></thead>
          <tbody>{data.suggestions.map((a) => (
            <tr key={a.id}>
              <td>{KIND[a.kind]} <code>{a.value}</code></td>
              <td>{a.person.displayName}{a.person.email ? <span className="muted"> &lt;{a.person.email}&gt;</span> : null}</td>
              <td className="muted">{a.person.aliases.map((x) => `${KIND[x.kind]} ${x.value}`).join(" · ") || "—"}</td>
              {editable && (
                <td className="row">
                  <form action={confirmAliasAction}><input type="hidden" name="aliasId" value={a.id} /><button type="submit">Same person</button></form>
                  <form action={rejectAliasAction}><input type="hidden" name="aliasId" value={a.id} /><button type="submit" className="secondary">Different person</button></form>
                </td>
              )}
            </tr>
          ))}</tbody>
        </table>
      )}

      <h2>Register</h2>
      <form method="get" className="row" style={{ margin: "12px 0" }}>
        <label>Search <input name="q" defaultValue={sp.q ?? ""} placeholder="name, email, login" /></label>
        <label><input type="checkbox" name="suggested" value="1" defaultChecked={sp.suggested === "1"} /> with suggested links only</label>
        <button type="submit" className="secondary">Filter</button>
        {(sp.q || sp.suggested) && <Link href="/people">clear</Link>}
      </form>
      {data.people.length === 0 ? (
        <div className="empty">
          {sp.q || sp.suggested ? "Nobody matches." : <>No people yet: they appear as git history, GitHub reviews and gateway traffic are ingested (<code>npm run cli -- ingest git …</code>).</>}
        </div>
      ) : (
        <>
          <p className="muted">{data.total.toLocaleString("en")} people{data.total > data.people.length ? `, first ${data.people.length} shown` : ""}</p>
          <table>
            <thead><tr><th>Person</th><th>Identities</th><th>Agent credentials owned</th>{editable && <th>Edit</th>}</tr></thead>
            <tbody>{data.people.map((p) => (
              <tr key={p.id} id={`person-${p.id}`}>
                <td>
                  {p.displayName}{p.isBot && <> <span className="badge NONE">bot / service account</span></>}
                  {p.email && <><br /><span className="muted">{p.email}</span></>}
                  <br /><code className="muted">{p.id}</code>
                </td>
                <td>
                  {p.aliases.map((a) => (
                    <div key={a.id}>
                      {KIND[a.kind]} <code>{a.value}</code> <span className={`badge ${STATUS_BADGE[a.status]}`}>{a.status.toLowerCase()}</span>
                      {a.decidedAt && <span className="muted"> decided {a.decidedAt.toISOString().slice(0, 10)}</span>}
                      {editable && a.status !== "REJECTED" && p.aliases.length > 1 && (
                        <form action={rejectAliasAction} className="inline"> <input type="hidden" name="aliasId" value={a.id} /><button type="submit" className="secondary" title="split this identity into a person of its own">split</button></form>
                      )}
                    </div>
                  ))}
                </td>
                <td>{p.identities.map((i) => i.alias ?? i.credential.slice(0, 12)).join(", ") || "—"}</td>
                {editable && (
                  <td>
                    <form action={updatePersonAction} className="row">
                      <input type="hidden" name="personId" value={p.id} />
                      <input name="displayName" defaultValue={p.displayName} aria-label="Display name" />
                      <label><input type="checkbox" name="isBot" defaultChecked={p.isBot} /> bot</label>
                      <button type="submit" className="secondary">Save</button>
                    </form>
                  </td>
                )}
              </tr>
            ))}</tbody>
          </table>
        </>
      )}

      {editable && choices.length > 1 && (
        <>
          <h2>Merge two people</h2>
          <form action={mergePeopleAction} className="row panel">
            <label>Move every identity of <select name="otherId" required defaultValue="">
              <option value="" disabled>choose…</option>
              {choices.map((c) => <option key={c.id} value={c.id}>{c.displayName}{c.email ? ` <${c.email}>` : ""}</option>)}
            </select></label>
            <label>to <select name="keepId" required defaultValue="">
              <option value="" disabled>choose…</option>
              {choices.map((c) => <option key={c.id} value={c.id}>{c.displayName}{c.email ? ` <${c.email}>` : ""}</option>)}
            </select></label>
            <button type="submit">Merge</button>
          </form>
        </>
      )}
    </>
  );
}
