/**
 * Formatting at the edge, shared by the document, the report and the notebook.
 * Nothing here uses Intl: a page's first Intl call sets up ICU's number
 * formatting, 45-77 ms of main thread (Chromium, this machine), which a
 * page's first figures should not wait for.
 */

/**
 * A number as `toLocaleString("en-US", {maximumFractionDigits})` writes it,
 * without Intl: thousands separators, at most `maximumFractionDigits`
 * decimals, no trailing zeros ("1,024", "2.5", "-0"). Like ICU, it rounds the
 * shortest decimal that reads back as `x` (String(x)), half away from zero.
 */
export function formatNumber(x: number, maximumFractionDigits = 0): string {
  if (Number.isNaN(x)) return "NaN";
  const sign = x < 0 || Object.is(x, -0) ? "-" : "";
  if (!Number.isFinite(x)) return `${sign}∞`;
  // The shortest digits and where the decimal point falls among them: "1.5e-7" -> "15", -6.
  const [mantissa, exponent = "0"] = String(Math.abs(x)).split("e");
  const [whole, fraction = ""] = mantissa.split(".");
  const digits = whole + fraction;
  const point = whole.length + Number(exponent);
  const keep = point + maximumFractionDigits; // digits at or above the last decimal shown
  let units = 0n; // the value in steps of 10^-maximumFractionDigits
  if (keep >= digits.length) units = BigInt(digits + "0".repeat(keep - digits.length));
  else if (keep >= 0) units = BigInt(digits.slice(0, keep) || "0") + (digits[keep] >= "5" ? 1n : 0n);
  const text = units.toString().padStart(maximumFractionDigits + 1, "0");
  const int = text.slice(0, text.length - maximumFractionDigits).replace(/\B(?=(\d{3})+$)/g, ",");
  const decimals = text.slice(text.length - maximumFractionDigits).replace(/0+$/, "");
  return `${sign}${int}${decimals ? `.${decimals}` : ""}`;
}

/** English month abbreviations as en-GB writes them ("Sept"). */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"];

/** A date's day and month in UTC, as toLocaleDateString("en-GB", {day: "numeric", month: "short"}) writes them: "22 Nov". */
export function formatDay(date: string | number | Date): string {
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? "Invalid Date" : `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/** A duration in ns with a unit that keeps 2-3 significant digits: "7.00 µs", "290 µs", "1.20 s". */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return "∞";
  const abs = Math.abs(ns);
  const [div, unit] = abs < 1e3 ? [1, "ns"] : abs < 1e6 ? [1e3, "µs"] : abs < 1e9 ? [1e6, "ms"] : [1e9, "s"];
  const v = ns / div;
  const digits = unit === "ns" ? 0 : Math.abs(v) < 10 ? 2 : Math.abs(v) < 100 ? 1 : 0;
  return `${v.toFixed(digits)} ${unit}`;
}

/** A duration for an axis tick: formatNs without trailing zeros ("1 ms", "10 µs", "2.5 µs"). */
export function formatNsTick(ns: number): string {
  const [v, unit] = formatNs(ns).split(" ");
  return `${Number(v)} ${unit}`;
}

/**
 * US dollars, signed, with thousands separators and cents below 100;
 * millions and up compact ("$167T", "$1.7e17"); below a cent two
 * significant digits ("-$1.3e-6": the dollar lens prices microseconds of
 * CPU, and "$0.00" would say zero).
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return usd > 0 ? "∞" : "-∞";
  const abs = Math.abs(usd);
  const sign = usd < 0 ? "-" : "";
  if (abs >= 1e15) return `${sign}$${abs.toExponential(1).replace("e+", "e")}`;
  if (abs > 0 && abs < 0.005) return `${sign}$${abs.toExponential(1)}`;
  for (const [div, unit] of [[1e12, "T"], [1e9, "B"], [1e6, "M"]] as const) {
    if (abs >= div) return `${sign}$${Number((abs / div).toPrecision(3))}${unit}`;
  }
  const body = abs >= 100 ? Math.round(abs).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",") : abs.toFixed(2);
  return `${usd < 0 && Number(body.replace(/,/g, "")) !== 0 ? "-" : ""}$${body}`;
}

/** A probability as a short percentage or power of ten: "12%", "0.15%", "3e-6"; above certainty ">100%" (never reached). */
export function formatProbability(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return "never";
  if (p > 1) return ">100%";
  if (p >= 0.01) return `${(p * 100).toFixed(p >= 0.1 ? 0 : 1)}%`;
  if (p >= 1e-4) return `${(p * 100).toFixed(2)}%`;
  return p.toExponential(0);
}

/** A share in [0, 1] as a percentage to a tenth of a point, no trailing zero ("20%", "0.4%", "12.3%"). */
export function formatShare(x: number): string {
  return `${Number((x * 100).toFixed(1))}%`;
}

/** Superscript digits, for powers of ten on an axis. */
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

/**
 * One format for every tick of a probability axis whose smallest value is
 * `min`: percentages when it is at least 0.01% ("0.01%", "1%", "100%"),
 * else powers of ten ("10⁻⁶", "3×10⁻⁵", "1") for all of them, never the two
 * mixed on one axis.
 */
export function probabilityTickFormat(min: number): (p: number) => string {
  if (min >= 1e-4) return (p) => `${Number((p * 100).toPrecision(2))}%`;
  return (p) => {
    if (!(p > 0)) return "0";
    const e = Math.floor(Math.log10(p) + 1e-9);
    const m = Number((p / 10 ** e).toPrecision(2));
    const power = e === 0 ? "" : `10${e < 0 ? "⁻" : ""}${[...String(Math.abs(e))].map((d) => SUPERSCRIPT[Number(d)]).join("")}`;
    if (!power) return String(m);
    return m === 1 ? power : `${m}×${power}`;
  };
}

/**
 * A ratio to two significant digits: "3.1×", "450×", "9,900×", then in words
 * from ten thousand so that neighbours in one chart read alike: "31 thousand×",
 * "780 thousand×", "2.2 million×", "4.5 billion×".
 */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return "∞×";
  const r = Number(x.toPrecision(2));
  if (r >= 1e9) return `${Number((r / 1e9).toPrecision(2))} billion×`;
  if (r >= 1e6) return `${Number((r / 1e6).toPrecision(2))} million×`;
  if (r >= 1e4) return `${Number((r / 1e3).toPrecision(2))} thousand×`;
  return `${formatNumber(r, 3)}×`;
}

/** A share of failed initialisations as a count per million, thousands as "k" throughout: "0", "<1", "488", "2.49k", "63.8k", "1M". */
export function formatPerMillion(share: number): string {
  if (!Number.isFinite(share)) return "?";
  const n = share * 1e6;
  if (n === 0) return "0";
  if (n < 1) return "<1";
  if (n < 999.5) return String(Math.round(n));
  if (n < 999_500) return `${Number((n / 1e3).toPrecision(3))}k`;
  return `${Number((n / 1e6).toPrecision(3))}M`;
}
