/**
 * The published site's address (TDX_SHUTDOWN_SITE_URL), checked once for
 * the report and the site's citation; and which address a citation may
 * give. No imports: display.ts carries it to pages that run no model.
 *
 * @module
 */

/**
 * A site address the report may print: absolute http(s), with no control,
 * line- or paragraph-separator characters (which could forge a second line
 * that reads as the verdict). Returns the reason it is refused, or null.
 */
export function siteUrlProblem(url: string): string | null {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(url)) return "contains a control or separator character";
  let u: URL;
  try { u = new URL(url); } catch { return "is not an absolute URL"; }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `must be http or https, not ${u.protocol}`;
  if (!u.pathname.endsWith("/")) return "must end with / (the site's root)";
  return null;
}

/** An address only the machine serving it can open: file:, localhost, 127.0.0.0/8, [::1], 0.0.0.0. */
export function isLocalAddress(href: string): boolean {
  let u: URL;
  try { u = new URL(href); } catch { return true; }
  if (u.protocol === "file:") return true;
  const host = u.hostname.toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || /^127(\.\d{1,3}){3}$/.test(host) || host === "[::1]" || host === "0.0.0.0";
}

/**
 * The address to cite for the page at `href`: on the published site
 * (`siteUrl`, when a valid one was configured at build) the page of the same
 * name with the same query; else `href` itself, without its fragment; null
 * when only this machine could open it (a local copy with no site
 * configured), since a citation is for other readers.
 */
export function citableAddress(href: string, siteUrl: string | null): string | null {
  const here = new URL(href);
  here.hash = "";
  if (siteUrl !== null && siteUrlProblem(siteUrl) === null) return new URL(`${here.pathname.split("/").pop() ?? ""}${here.search}`, siteUrl).href;
  return isLocalAddress(here.href) ? null : here.href;
}
