import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../db/test-database";
import { githubLoginFromNoreply, handleKey, isBotLogin } from "./identity";
import { confirmAlias, linkIdentities, lookupIdentities, mergePeople, rejectAlias, resolvePerson, updatePerson } from "./people";

let t: TestDatabase;
const admin = { id: "admin-1", email: "admin@acme.example" };

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
});

describe("identity helpers", () => {
  it("reads GitHub noreply addresses and bots", () => {
    expect(githubLoginFromNoreply("12345+Alice-N@users.noreply.github.com")).toBe("alice-n");
    expect(githubLoginFromNoreply("alice-n@users.noreply.github.com")).toBe("alice-n");
    expect(githubLoginFromNoreply("161369871+google-labs-jules[bot]@users.noreply.github.com")).toBe("google-labs-jules[bot]");
    expect(githubLoginFromNoreply("alice@acme.example")).toBeNull();
    expect(isBotLogin("dependabot[bot]")).toBe(true);
    expect(isBotLogin("renovate", "Bot")).toBe(true);
    expect(isBotLogin("ci-bot", "User", ["ci-bot"])).toBe(true);
    expect(isBotLogin("alice", "User")).toBe(false);
    expect(handleKey("GIT_EMAIL", "Alice.Nguyen@acme.example")).toBe("alicenguyen");
    expect(handleKey("GITHUB_LOGIN", "alice-nguyen")).toBe("alicenguyen");
  });
});

describe("people register", () => {
  it("creates a person per new identity and links exact emails automatically", async () => {
    const a = await resolvePerson(t.db, "GIT_EMAIL", "Alice.Nguyen@Acme.example", { name: "Alice Nguyen" });
    expect(a).toMatchObject({ status: "AUTO", created: true });
    const person = await t.db.person.findUniqueOrThrow({ where: { id: a.personId } });
    expect(person).toMatchObject({ displayName: "Alice Nguyen", email: "alice.nguyen@acme.example", isBot: false });
    // same identity, other case: the same alias
    expect(await resolvePerson(t.db, "GIT_EMAIL", "alice.nguyen@acme.example")).toMatchObject({ aliasId: a.aliasId, created: false });
    // the gateway's user email: exact match → AUTO on the same person
    const proxy = await resolvePerson(t.db, "PROXY_EMAIL", "ALICE.NGUYEN@acme.example");
    expect(proxy).toMatchObject({ personId: a.personId, status: "AUTO", created: true });
    // a proxy user id that is that email
    expect(await resolvePerson(t.db, "PROXY_USER", "alice.nguyen@acme.example")).toMatchObject({ personId: a.personId, status: "AUTO" });
  });

  it("links a GitHub noreply address to its login as CONFIRMED, in either order", async () => {
    const fromEmail = await resolvePerson(t.db, "GIT_EMAIL", "4242+bob-okafor@users.noreply.github.com", { name: "Bob Okafor" });
    expect(fromEmail.status).toBe("CONFIRMED");
    const login = await resolvePerson(t.db, "GITHUB_LOGIN", "Bob-Okafor");
    expect(login).toMatchObject({ personId: fromEmail.personId, created: false });

    const carol = await resolvePerson(t.db, "GITHUB_LOGIN", "carol-silva");
    const carolEmail = await resolvePerson(t.db, "GIT_EMAIL", "777+carol-silva@users.noreply.github.com", { name: "Carol Silva" });
    expect(carolEmail).toMatchObject({ personId: carol.personId, status: "CONFIRMED" });
  });

  it("suggests links by name and by handle, never for bots, never when ambiguous", async () => {
    const alice = await resolvePerson(t.db, "GIT_EMAIL", "alice.nguyen@acme.example");
    const personal = await resolvePerson(t.db, "GIT_EMAIL", "a.nguyen@home.example", { name: "alice  nguyen" });
    expect(personal).toMatchObject({ personId: alice.personId, status: "SUGGESTED" });
    const login = await resolvePerson(t.db, "GITHUB_LOGIN", "alice-nguyen");
    expect(login).toMatchObject({ personId: alice.personId, status: "SUGGESTED" });
    const proxyUser = await resolvePerson(t.db, "PROXY_USER", "alice_nguyen");
    expect(proxyUser).toMatchObject({ personId: alice.personId, status: "SUGGESTED" });

    const bot = await resolvePerson(t.db, "GITHUB_LOGIN", "alice-nguyen-bot[bot]");
    expect(bot.personId).not.toBe(alice.personId);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: bot.personId } })).isBot).toBe(true);

    await resolvePerson(t.db, "GIT_EMAIL", "sam.lee@acme.example", { name: "Sam Lee" });
    await resolvePerson(t.db, "GIT_EMAIL", "sam.lee@other.example", { name: "Samuel Lee" }); // handle match → suggested
    const ambiguous = await resolvePerson(t.db, "PROXY_USER", "samlee");
    expect(ambiguous.status).toBe("SUGGESTED"); // both sam.lee aliases are on one person
    const p1 = await resolvePerson(t.db, "GIT_EMAIL", "jo.park@one.example", { name: "Jo Park" });
    const p2 = await resolvePerson(t.db, "GIT_EMAIL", "jp@two.example", { name: "Jo Park" });
    expect(p2).toMatchObject({ personId: p1.personId, status: "SUGGESTED" });
    const split = await rejectAlias(t.db, p2.aliasId, admin);
    await updatePerson(t.db, split, { displayName: "Jo Park" }); // two Jo Parks now
    const third = await resolvePerson(t.db, "PROXY_EMAIL", "jo@three.example", {});
    expect(third.status).toBe("AUTO");
    const byName = await resolvePerson(t.db, "GIT_EMAIL", "jo.p@four.example", { name: "Jo Park" });
    expect(byName.status).toBe("AUTO"); // two people called Jo Park: no suggestion
    expect([p1.personId, p2.personId]).not.toContain(byName.personId);
  });

  it("confirms and rejects (splits) suggested links; automatic linking respects the decision", async () => {
    const alice = await resolvePerson(t.db, "GIT_EMAIL", "alice.nguyen@acme.example");
    const personal = await t.db.personAlias.findUniqueOrThrow({ where: { kind_value: { kind: "GIT_EMAIL", value: "a.nguyen@home.example" } } });
    const confirmed = await confirmAlias(t.db, personal.id, admin);
    expect(confirmed).toMatchObject({ status: "CONFIRMED", decidedById: admin.id });

    const proxyUser = await t.db.personAlias.findUniqueOrThrow({ where: { kind_value: { kind: "PROXY_USER", value: "alice_nguyen" } } });
    const newPerson = await rejectAlias(t.db, proxyUser.id, admin);
    expect(newPerson).not.toBe(alice.personId);
    const moved = await t.db.personAlias.findUniqueOrThrow({ where: { id: proxyUser.id } });
    expect(moved).toMatchObject({ personId: newPerson, status: "REJECTED", decidedById: admin.id });
    expect(await resolvePerson(t.db, "PROXY_USER", "alice_nguyen")).toMatchObject({ personId: newPerson });
    const link = await linkIdentities(t.db, { kind: "GIT_EMAIL", value: "alice.nguyen@acme.example" }, { kind: "PROXY_USER", value: "alice_nguyen" });
    expect(link.linked).toBe(false);
    expect(link.conflict).toMatch(/rejected/);

    // rejecting the alias that carries the person's email moves the email too
    const ivy = await resolvePerson(t.db, "GIT_EMAIL", "ivy@acme.example", { name: "Ivy Chen" });
    expect(await resolvePerson(t.db, "PROXY_EMAIL", "ivy@acme.example")).toMatchObject({ personId: ivy.personId });
    const split = await rejectAlias(t.db, ivy.aliasId, admin);
    expect((await t.db.person.findUniqueOrThrow({ where: { id: split } })).email).toBe("ivy@acme.example");
    expect((await t.db.person.findUniqueOrThrow({ where: { id: ivy.personId } })).email).toBeNull();
  });

  it("joins two automatically created people when GitHub links an email to a login", async () => {
    const email = await resolvePerson(t.db, "GIT_EMAIL", "dev.patel@acme.example", { name: "Dev Patel" });
    const login = await resolvePerson(t.db, "GITHUB_LOGIN", "dpatel42");
    expect(login.personId).not.toBe(email.personId);
    const res = await linkIdentities(t.db, { kind: "GITHUB_LOGIN", value: "dpatel42" }, { kind: "GIT_EMAIL", value: "dev.patel@acme.example" }, "AUTO");
    expect(res.linked).toBe(true);
    const ids = await lookupIdentities(t.db, [
      { kind: "GITHUB_LOGIN", value: "DPATEL42" },
      { kind: "GIT_EMAIL", value: "dev.patel@acme.example" },
      { kind: "GIT_EMAIL", value: "unknown@nowhere.example" },
    ]);
    expect(ids.get("GITHUB_LOGIN:dpatel42")?.personId).toBe(ids.get("GIT_EMAIL:dev.patel@acme.example")?.personId);
    expect(ids.has("GIT_EMAIL:unknown@nowhere.example")).toBe(false);
    const person = await t.db.person.findUniqueOrThrow({ where: { id: res.personId } });
    expect(person.email).toBe("dev.patel@acme.example");
  });

  it("merges people: aliases, owned identities and gateway events move", async () => {
    const a = await resolvePerson(t.db, "GIT_EMAIL", "erin@acme.example", { name: "Erin Walsh" });
    const b = await resolvePerson(t.db, "PROXY_USER", "u-998877");
    await t.db.agentIdentity.create({ data: { credential: "hash-erin", ownerPersonId: b.personId } });
    const ev = await t.db.aiEvent.create({ data: { source: "generic", naturalKey: "e1", occurredAt: new Date(), hasPayload: false, personId: b.personId } });
    await mergePeople(t.db, a.personId, b.personId, admin);
    expect(await t.db.person.findUnique({ where: { id: b.personId } })).toBeNull();
    expect(await t.db.personAlias.findUniqueOrThrow({ where: { id: b.aliasId } })).toMatchObject({ personId: a.personId, status: "CONFIRMED", decidedById: admin.id });
    expect((await t.db.agentIdentity.findUniqueOrThrow({ where: { credential: "hash-erin" } })).ownerPersonId).toBe(a.personId);
    expect((await t.db.aiEvent.findUniqueOrThrow({ where: { id: ev.id } })).personId).toBe(a.personId);
  });

  it("is safe under concurrent resolution of the same identity", async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => resolvePerson(t.db, "GIT_EMAIL", "race@acme.example", { name: "Race Condition" })));
    expect(new Set(results.map((r) => r.personId)).size).toBe(1);
    expect(await t.db.personAlias.count({ where: { value: "race@acme.example" } })).toBe(1);
    expect(await t.db.person.count({ where: { displayName: "Race Condition" } })).toBe(1);
  });
});
