import { describe, expect, it } from "vitest";
import { maskValue } from "./index";
import { identifierSegments } from "./detectors/secrets";
import { findType, matched, randomAlnum } from "./test-helpers";

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("vendor tokens", () => {
  it("aws_access_key: AKIA/ASIA + 16", () => {
    expect(matched("key AKIAZ3MHSLQV2XUOK4FA done", "aws_access_key")).toEqual(["AKIAZ3MHSLQV2XUOK4FA"]);
    expect(matched("ASIAZ3MHSLQV2XUOK4FA", "aws_access_key")).toEqual(["ASIAZ3MHSLQV2XUOK4FA"]);
    expect(matched("AKIAZ3MHSLQV2XUOK4F", "aws_access_key")).toEqual([]); // 15
    expect(matched("XAKIAZ3MHSLQV2XUOK4FA", "aws_access_key")).toEqual([]);
    const f = findType("AKIAIOSFODNN7EXAMPLE", "aws_access_key")[0];
    expect(f.excerpt).toBe("AKIA************MPLE");
    expect(f.testData).toBe(true);
  });

  it("aws_secret_key: 40 base64 characters with an AWS context", () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8kLm3nAb";
    expect(matched(`aws_secret_access_key = ${secret}`, "aws_secret_key")).toEqual([secret]);
    expect(matched(`"SecretAccessKey": "${secret}"`, "aws_secret_key")).toEqual([secret]);
    expect(matched(`my AWS secret is ${secret}`, "aws_secret_key")).toEqual([secret]);
    expect(matched(`value ${secret}`, "aws_secret_key")).toEqual([]);
    expect(matched(`aws commit 2f5dac3e49d30c82778870520f11aea5f586169a`, "aws_secret_key")).toEqual([]);
  });

  it("github_token", () => {
    const t = `ghp_${randomAlnum(36)}`;
    expect(matched(`token ${t}`, "github_token")).toEqual([t]);
    for (const p of ["gho_", "ghu_", "ghs_", "ghr_"]) expect(matched(`${p}${randomAlnum(36, 3)}`, "github_token")).toHaveLength(1);
    const pat = `github_pat_11ABCDEFG0${randomAlnum(12)}_${randomAlnum(59, 5)}`;
    expect(matched(pat, "github_token")).toEqual([pat]);
    expect(matched(`ghp_${randomAlnum(20)}`, "github_token")).toEqual([]);
    expect(matched(`ghp_${"x".repeat(36)}`, "github_token")).toEqual([]); // placeholder
    expect(findType(t, "github_token")[0].excerpt).toBe(`ghp_****************${t.slice(-4)}`);
  });

  it("gitlab_token, slack_token, google_api_key", () => {
    const gl = `glpat-${randomAlnum(20)}`;
    expect(matched(gl, "gitlab_token")).toEqual([gl]);
    const sl = `xoxb-123456789012-1234567890123-${randomAlnum(24)}`;
    expect(matched(`SLACK=${sl}`, "slack_token")).toEqual([sl]);
    expect(matched("xoxz-1234567890-abc", "slack_token")).toEqual([]);
    const g = `AIza${randomAlnum(35)}`;
    expect(matched(`key=${g}`, "google_api_key")).toEqual([g]);
    expect(matched(`AIza${randomAlnum(30)}`, "google_api_key")).toEqual([]);
  });

  it("stripe_key: live keys, test keys as test data, publishable keys ignored", () => {
    const live = `sk_live_${randomAlnum(24)}`;
    expect(findType(live, "stripe_key")[0].testData).toBe(false);
    expect(findType(`rk_live_${randomAlnum(24)}`, "stripe_key")).toHaveLength(1);
    expect(findType(`sk_test_${randomAlnum(24)}`, "stripe_key")[0].testData).toBe(true);
    expect(findType(`pk_live_${randomAlnum(24)}`, "stripe_key")).toHaveLength(0);
  });

  it("openai_key and anthropic_key", () => {
    const oa = `sk-proj-${randomAlnum(40)}T3BlbkFJ${randomAlnum(40, 9)}`;
    expect(matched(`OPENAI_API_KEY=${oa}`, "openai_key")).toEqual([oa]);
    const legacy = `sk-${randomAlnum(20)}T3BlbkFJ${randomAlnum(20, 4)}`;
    expect(matched(legacy, "openai_key")).toEqual([legacy]);
    const ant = `sk-ant-api03-${randomAlnum(80)}-${randomAlnum(10, 2)}AA`;
    expect(matched(`key: ${ant}`, "anthropic_key")).toEqual([ant]);
    expect(matched(ant, "openai_key")).toEqual([]);
    expect(matched("use sk-learn-style-naming-for-your-project-here", "openai_key")).toEqual([]);
  });

  it("private_key blocks, including truncated ones, but not placeholders or public keys", () => {
    const body = Array.from({ length: 5 }, (_, i) => randomAlnum(64, i + 1)).join("\n");
    const pem = `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
    const text = `key:\n${pem}\nend`;
    expect(matched(text, "private_key")).toEqual([pem]);
    const f = findType(text, "private_key")[0];
    expect(f.excerpt).toBe("-----BEGIN RSA PRIVATE KEY-----****-----END RSA PRIVATE KEY-----");
    const escaped = `{"content":"-----BEGIN OPENSSH PRIVATE KEY-----\\n${body.replace(/\n/g, "\\n")}\\n-----END OPENSSH PRIVATE KEY-----\\n"}`;
    expect(findType(escaped, "private_key")).toHaveLength(1);
    expect(findType(`-----BEGIN PRIVATE KEY-----\n${body.slice(0, 150)}`, "private_key")).toHaveLength(1);
    expect(findType("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", "private_key")).toHaveLength(0);
    expect(findType(`-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----`, "private_key")).toHaveLength(0);
  });

  it("jwt: three base64url parts whose header has alg", () => {
    const jwt = `${b64url({ alg: "HS256", typ: "JWT" })}.${b64url({ sub: "1234567890", name: "x" })}.${randomAlnum(43)}`;
    expect(matched(`Authorization: Bearer ${jwt}`, "jwt")).toEqual([jwt]);
    const noAlg = `${b64url({ typ: "JWT", foo: "bar" })}.${b64url({ sub: "1" })}.${randomAlnum(43)}`;
    expect(matched(noAlg, "jwt")).toEqual([]);
    expect(matched("eyJub3RqC29uIjp0cnV.eyJzdWIi.abc", "jwt")).toEqual([]);
    expect(findType(jwt, "jwt")[0].excerpt).not.toContain(jwt.split(".")[1]);
  });
});

describe("connection_string_password", () => {
  it("finds passwords in URLs and masks them", () => {
    const text = "DATABASE_URL=postgres://app:Tr0ub4dor-3x@db.prod.acme.net:5432/app?sslmode=require";
    const f = findType(text, "connection_string_password");
    expect(f).toHaveLength(1);
    expect(text.slice(f[0].start, f[0].end)).toBe("postgres://app:Tr0ub4dor-3x@db.prod.acme.net:5432");
    expect(f[0].excerpt).toBe("postgres://a***:****@db.prod.acme.net:5432");
    expect(matched("redis://:s3cretRedisPw@cache:6379", "connection_string_password")).toHaveLength(1);
    expect(matched("mongodb+srv://u:p4ss%40word@cluster0.mongodb.net/db", "connection_string_password")).toHaveLength(1);
  });

  it("skips URLs without passwords and template placeholders; example passwords are test data", () => {
    expect(matched("https://user@github.com/x https://github.com/a/b", "connection_string_password")).toEqual([]);
    expect(matched("postgres://app:${DB_PASSWORD}@db:5432/app", "connection_string_password")).toEqual([]);
    expect(matched("postgres://app:<password>@db:5432/app", "connection_string_password")).toEqual([]);
    expect(findType("postgres://user:password@localhost/db", "connection_string_password")[0].testData).toBe(true);
  });
});

describe("env_secret and generic_secret", () => {
  it("env_secret: secret-looking NAME=value lines with a high-entropy value", () => {
    const text = "NODE_ENV=production\nDB_PASSWORD=Xk9#mP2$vL7qR4tW\nexport STRIPE_WEBHOOK_SECRET='whsec_8fKq2LmN4pR7sT1vX3yZ'\nPORT=3000\nAPI_KEY=changeme\n";
    expect(matched(text, "env_secret")).toEqual(["Xk9#mP2$vL7qR4tW", "whsec_8fKq2LmN4pR7sT1vX3yZ"]);
    expect(findType(text, "env_secret")[0].excerpt).toBe("DB_PASSWORD=********");
  });

  it("env_secret inside JSON-escaped file contents", () => {
    const text = JSON.stringify({ type: "tool_result", content: "APP_NAME=demo\nSESSION_SECRET=a8Hf3kQ9zX2mP7vL1nB4\n" });
    expect(matched(text, "env_secret")).toEqual(["a8Hf3kQ9zX2mP7vL1nB4"]);
  });

  it("generic_secret: high-entropy values assigned to secret-ish names in code, JSON and YAML", () => {
    expect(matched('const apiKey = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";', "generic_secret")).toEqual(["9f8e7d6c5b4a39281706f5e4d3c2b1a0"]);
    expect(matched('{"client_secret": "Qm9vbGVhbkV4cHJlc3Npb24x"}', "generic_secret")).toEqual(["Qm9vbGVhbkV4cHJlc3Npb24x"]);
    expect(matched("password: hT7#kL2!pQ9z", "generic_secret")).toEqual(["hT7#kL2!pQ9z"]);
    expect(matched("db.connect(password='zX8!mK3#qW5@')", "generic_secret")).toEqual(["zX8!mK3#qW5@"]);
    expect(matched('curl -H "Authorization: Bearer abcDEF123456ghiJKL789mno"', "generic_secret")).toEqual(["abcDEF123456ghiJKL789mno"]);
  });

  it("generic_secret: ignores code references, placeholders, low entropy and non-secret names", () => {
    for (const t of [
      "const token = req.headers.get('x-token');",
      "password = config.database.password",
      'api_key = os.environ["API_KEY"]',
      '"max_tokens": 1024',
      '"tokenizer": "cl100k_base"',
      '"token_type": "bearer_abc123xyz"',
      'password: "${DB_PASSWORD}"',
      'secret: "<your-secret-here>"',
      'password = "aaaaaaaaaaaa"',
      'password = "password"',
      'if (token == "abc123XYZ789") {}',
      'const keyboardLayout = "qwerty-123-XYZ"',
    ]) {
      expect(scanSecrets(t), t).toEqual([]);
    }
  });

  it("splits identifiers into segments", () => {
    expect(identifierSegments("DB_PASSWORD")).toEqual(["db", "password"]);
    expect(identifierSegments("clientSecret")).toEqual(["client", "secret"]);
    expect(identifierSegments("x-api-key")).toEqual(["x", "api", "key"]);
    expect(identifierSegments("AWSSecretAccessKey")).toEqual(["aws", "secret", "access", "key"]);
  });

  it("the more specific type wins over env/generic on the same value", () => {
    const gh = `ghp_${randomAlnum(36)}`;
    const f = findType(`GITHUB_TOKEN=${gh}`, "github_token");
    expect(f).toHaveLength(1);
    expect(findType(`GITHUB_TOKEN=${gh}`, "env_secret")).toHaveLength(0);
    expect(findType(`{"token": "${gh}"}`, "generic_secret")).toHaveLength(0);
  });

  it("masks generic secrets without revealing short values", () => {
    expect(maskValue("generic_secret", "hT7#kL2!pQ9z")).toBe("********");
    expect(maskValue("env_secret", "a".repeat(40))).toBe(`aa${"*".repeat(16)}aa`);
  });
});

function scanSecrets(t: string): string[] {
  return [...findType(t, "generic_secret"), ...findType(t, "env_secret")].map((f) => t.slice(f.start, f.end));
}
