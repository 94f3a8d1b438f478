// A notebook without what changes from run to run: per-cell execution
// timestamps and the kernel's language version. Outputs and code stay.
export function normalizeNotebook(nb) {
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
