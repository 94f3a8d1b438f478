// A notebook without what changes from run to run: per-cell execution
// timestamps and the kernel's language version. Outputs and code stay.

/** The parts of an .ipynb this project reads. */
export interface Notebook {
  metadata?: { language_info?: Record<string, unknown>; [key: string]: unknown };
  cells: { cell_type: string; metadata?: Record<string, unknown>; source?: string | string[]; outputs?: { output_type: string; data?: Record<string, unknown>; text?: string | string[] }[] }[];
  [key: string]: unknown;
}

export function normalizeNotebook(nb: Notebook): Notebook {
  const { version: _version, ...languageInfo } = nb.metadata?.language_info ?? {};
  return {
    ...nb,
    metadata: { ...nb.metadata, language_info: languageInfo },
    cells: nb.cells.map((cell) => {
      const { execution: _execution, ...metadata } = cell.metadata ?? {};
      return { ...cell, metadata };
    }),
  };
}
