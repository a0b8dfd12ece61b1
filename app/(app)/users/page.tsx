import { requirePage } from "@/lib/auth/guard";
import { listPeriodsForGrant, listUsers } from "@/lib/auth/user-admin";
import { AddUserForm } from "@/components/add-user-form";
import { setUserStatusAction } from "./actions";

const date = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export default async function UsersPage() {
  await requirePage("users:write");
  const [users, periods] = await Promise.all([listUsers(), listPeriodsForGrant()]);
  return (
    <>
      <h1>Users</h1>
      <table>
        <thead>
          <tr><th>Email</th><th>Name</th><th>Role</th><th>Status</th><th>Firm</th><th>Access window</th><th>Periods</th><th>Last sign-in</th><th /></tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td><td>{u.name}</td><td>{u.role}</td><td>{u.status}</td><td>{u.firm ?? ""}</td>
              <td>{u.role === "AUDITOR" ? `${date(u.accessStart)} → ${date(u.accessEnd)}` : ""}</td>
              <td>{u.grants.map((g) => g.period.name).join(", ")}</td>
              <td>{u.lastLoginAt?.toISOString().replace("T", " ").slice(0, 16) ?? "never"}</td>
              <td>
                <form action={setUserStatusAction}>
                  <input type="hidden" name="email" value={u.email} />
                  <input type="hidden" name="status" value={u.status === "ACTIVE" ? "DISABLED" : "ACTIVE"} />
                  <button type="submit" className="secondary">{u.status === "ACTIVE" ? "Disable" : "Enable"}</button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Add a user or invite an auditor</h2>
      <AddUserForm periods={periods.map((p) => ({ id: p.id, name: p.name }))} />
    </>
  );
}
