/** Which address Method's citation gives (src/site-url.ts): never one only the serving machine can open. */
import { describe, expect, it } from "vitest";
import { citableAddress, isLocalAddress, siteUrlProblem } from "../src/site-url.ts";

describe("citableAddress", () => {
  it("gives the published site's page of the same name and query when a site is configured, without the fragment", () => {
    expect(citableAddress("http://127.0.0.1:3000/method?preset=gnr-2s#cite", "https://example.org/tdx/")).toBe("https://example.org/tdx/method?preset=gnr-2s");
    expect(citableAddress("file:///home/r/dist/method.html", "https://example.org/tdx/")).toBe("https://example.org/tdx/method.html");
  });
  it("gives the page's own address on a public host, and none on a local one", () => {
    expect(citableAddress("https://reviewer.example/tdx/method?x=1#cite", null)).toBe("https://reviewer.example/tdx/method?x=1");
    for (const local of ["http://127.0.0.1:3000/method", "http://localhost:3000/method", "http://app.localhost/method", "http://[::1]:8080/method", "http://0.0.0.0/method", "file:///tmp/dist/method.html", "http://127.9.8.7/method"]) {
      expect(isLocalAddress(local), local).toBe(true);
      expect(citableAddress(local, null), local).toBeNull();
    }
    expect(isLocalAddress("http://128.0.0.1/method")).toBe(false);
  });
  it("ignores a configured address the report would refuse", () => {
    expect(siteUrlProblem("https://example.org/tdx")).toMatch(/must end with \//);
    expect(citableAddress("http://localhost:3000/method", "https://example.org/tdx")).toBeNull();
    expect(citableAddress("https://reviewer.example/method", "javascript:alert(1)//")).toBe("https://reviewer.example/method");
  });
});
