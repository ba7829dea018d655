// Issue 16, finding 5: the per-client limit counts the address the web server put in its own
// header, never a forwarded header a client wrote.
import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER, clientKeyOf } from "./client-address";

const key = (value: string | null, extra: Record<string, string> = {}) =>
  clientKeyOf(new Headers({ ...(value === null ? {} : { [CLIENT_ADDRESS_HEADER]: value }), ...extra }));

describe("clientKeyOf", () => {
  it("uses the web server's header and nothing a client forwards", () => {
    expect(key("203.0.113.7", { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" })).toBe(
      "203.0.113.7",
    );
    expect(key(null, { "x-forwarded-for": "198.51.100.1", "x-real-ip": "198.51.100.2" })).toBe("unknown");
  });

  it("reads an IPv4-mapped IPv6 socket address as IPv4", () => {
    expect(key("::ffff:127.0.0.2")).toBe("127.0.0.2");
  });

  it("counts IPv6 clients by their /64", () => {
    expect(key("2001:db8:1:2:3:4:5:6")).toBe(key("2001:db8:1:2:ffff::1"));
    expect(key("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(key("2001:db8:1:3::1")).not.toBe(key("2001:db8:1:2::1"));
    expect(key("::1")).toBe("0:0:0:0::/64");
  });

  it("answers one shared key for anything that is not an address", () => {
    for (const v of ["", "unknown", "example.com", "1.2.3.4, 5.6.7.8", "999.1.1.1"])
      expect(key(v)).toBe("unknown");
  });
});
