// Types of scripts/prerender.mjs, for the tests that import it.
export const WIDE: number;
export const TOC: number;
export const NARROW: number;
export function copyable(html: string | undefined, inline: boolean): boolean;
export function prefixIds(html: string, prefix: string): string;
export function cellModes(html: string): Map<string, boolean>;
export function withCopies(html: string, wide: Record<string, string>, narrow: Record<string, string>, widths?: { wideWidth?: number; narrowWidth?: number }): { html: string; copied: string[] };
export function scenarioScript(defaultPreset: string): string;
export function noscriptNote(defaultPreset: string, followsLink: boolean): string;
export function prerenderPages(
  dist: string,
  files: string[],
  readPage: (file: string) => string,
  options: { defaultPreset: string; parallel?: number },
): Promise<Map<string, { html: string; copied: string[]; errors: string[] }>>;
