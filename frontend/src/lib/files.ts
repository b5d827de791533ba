/** Hands a file made in the page to the browser to save. The link is in the document while clicked, as Firefox needs, and its URL outlives the click, as revoking it at once can cancel the download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A cell of a CSV file: a number as it is, text or nothing. */
export type CSVCell = string | number | null | undefined;

/**
 * Rows as a CSV file (RFC 4180): a cell with a comma, a quote or a line break is quoted. Text a spreadsheet
 * would run as a formula (starting with = + - @, a tab or a carriage return) gets a leading quote, as the
 * server's exports do; numbers are written as numbers, negative ones included.
 */
export function toCSV(rows: readonly (readonly CSVCell[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

function csvCell(cell: CSVCell): string {
  if (cell === null || cell === undefined) {
    return '';
  }
  let s = String(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(s)) {
    s = `'${s}`;
  }
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Saves rows as a CSV file. */
export function saveCSV(filename: string, rows: readonly (readonly CSVCell[])[]): void {
  saveBlob(new Blob([toCSV(rows)], { type: 'text/csv;charset=utf-8' }), filename);
}
