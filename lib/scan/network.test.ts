import { describe, expect, it } from "vitest";
import { scanText, fingerprint } from "./index";
import { canonicalIp, parseIPv6 } from "./detectors/network";
import { OPTS, findType, matched } from "./test-helpers";

describe("ip_address", () => {
  it("finds IPv4 addresses with valid octets", () => {
    expect(matched("connect to 8.8.8.8 and 203.0.113.7:443", "ip_address")).toEqual(["8.8.8.8", "203.0.113.7"]);
    expect(matched("release 1.2.3.4 is out", "ip_address")).toEqual(["1.2.3.4"]);
  });

  it("rejects invalid octets, leading zeros and longer dotted numbers", () => {
    for (const t of ["256.1.1.1", "1.2.3.999", "01.02.03.04", "1.2.3.4.5", "1.2.3", "a1.2.3.4", "1.2.3.4b"]) {
      expect(matched(t, "ip_address"), t).toEqual([]);
    }
  });

  it("excludes version strings after v / version", () => {
    for (const t of ["v1.2.3.4", "version 1.2.3.4", "Version: 10.0.0.1", "ver 4.3.2.1", 'AssemblyVersion("1.0.0.0")']) {
      expect(matched(t, "ip_address"), t).toEqual([]);
    }
  });

  it("classifies private ranges with low confidence and documentation ranges as test data", () => {
    expect(findType("10.1.2.3", "ip_address")[0].confidence).toBe("LOW");
    expect(findType("192.168.0.1", "ip_address")[0].confidence).toBe("LOW");
    expect(findType("172.20.0.1", "ip_address")[0].confidence).toBe("LOW");
    expect(findType("127.0.0.1", "ip_address")[0].confidence).toBe("LOW");
    expect(findType("8.8.4.4", "ip_address")[0].confidence).toBe("HIGH");
    expect(findType("192.0.2.10", "ip_address")[0].testData).toBe(true);
  });

  it("finds IPv6 addresses including compressed forms", () => {
    expect(matched("host 2001:0db8:85a3:0000:0000:8a2e:0370:7334 up", "ip_address")).toEqual(["2001:0db8:85a3:0000:0000:8a2e:0370:7334"]);
    expect(matched("host 2606:4700:4700::1111 up", "ip_address")).toEqual(["2606:4700:4700::1111"]);
    expect(matched("bind ::1", "ip_address")).toEqual(["::1"]);
    expect(matched("link fe80::1ff:fe23:4567:890a%eth0", "ip_address")).toEqual(["fe80::1ff:fe23:4567:890a"]);
    expect(matched("url http://[2001:db8::8a2e:370:7334]:8080/", "ip_address")).toEqual(["2001:db8::8a2e:370:7334"]);
    expect(matched("mapped ::ffff:8.8.8.8", "ip_address")).toEqual(["::ffff:8.8.8.8"]);
  });

  it("does not mistake scopes, times, MACs or hashes for IPv6", () => {
    for (const t of ["std::vector<int>", "a::b", "x[1::2]", "12:30:45", "00:1a:2b:3c:4d:5e", "sha256:e3b0c44298fc1c149afbf4c8996fb924", "::", "1:2:3:4:5:6:7:8:9"]) {
      expect(matched(t, "ip_address"), t).toEqual([]);
    }
  });

  it("parses and canonicalises addresses; equal addresses have equal fingerprints", () => {
    expect(parseIPv6("2001:db8::1")).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1]);
    expect(parseIPv6("1::2::3")).toBeNull();
    expect(canonicalIp("2001:DB8::1")).toBe("2001:0db8:0000:0000:0000:0000:0000:0001");
    expect(fingerprint("k", "ip_address", "2001:db8::1")).toBe(fingerprint("k", "ip_address", "2001:0DB8:0:0:0:0:0:1"));
  });

  it("is INTERNAL and masked", () => {
    const f = findType("8.8.4.4", "ip_address")[0];
    expect(f.classification).toBe("INTERNAL");
    expect(f.excerpt).toBe("8.8.*.*");
    expect(findType("2606:4700:4700::1111", "ip_address")[0].excerpt).not.toContain("1111");
  });
});

describe("internal_hostname", () => {
  it("matches configured patterns case-insensitively", () => {
    expect(matched("deploy to api.eu.corp.example.com now", "internal_hostname")).toEqual(["api.eu.corp.example.com"]);
    expect(matched("ssh BUILD-42.Internal", "internal_hostname")).toEqual(["BUILD-42.Internal"]);
    expect(matched("https://build-7.internal:8080/job", "internal_hostname")).toEqual(["build-7.internal"]);
  });

  it("does not match the bare domain, other hosts, or look-alikes", () => {
    expect(matched("corp.example.com", "internal_hostname")).toEqual([]);
    expect(matched("api.corp.example.com.evil.net", "internal_hostname")).toEqual([]);
    expect(matched("ci.build-7.internal", "internal_hostname")).toEqual([]);
    expect(matched("deploy.internal", "internal_hostname")).toEqual([]);
  });

  it("does nothing without patterns and works with non-ASCII text around", () => {
    expect(scanText("api.corp.example.com", { fingerprintKey: "k" })).toEqual([]);
    const text = "İstanbul ➜ build-3.internal";
    const f = findType(text, "internal_hostname");
    expect(f.map((x) => text.slice(x.start, x.end))).toEqual(["build-3.internal"]);
  });

  it("is INTERNAL and masks the first label", () => {
    const f = findType("api.corp.example.com", "internal_hostname", { ...OPTS })[0];
    expect(f.classification).toBe("INTERNAL");
    expect(f.excerpt).toBe("a***.corp.example.com");
  });
});
