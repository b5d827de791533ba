import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveCSV, toCSV } from './files';

describe('toCSV', () => {
  it('quotes only the cells with a comma, a quote or a line break, and ends every row with CRLF', () => {
    expect(toCSV([['week', 'note'], ['2026-W01', 'plain'], ['a,b', 'say "hi"'], ['two\nlines', 'cr\rhere']])).toBe(
      'week,note\r\n2026-W01,plain\r\n"a,b","say ""hi"""\r\n"two\nlines","cr\rhere"\r\n',
    );
  });

  it('writes numbers as numbers, negative ones included, and an absent value as an empty cell', () => {
    expect(toCSV([[1, 0.5, -0.25, '', null, undefined]])).toBe('1,0.5,-0.25,,,\r\n');
  });

  it('keeps spreadsheets from running text as a formula', () => {
    expect(toCSV([['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', 'ok=1']])).toBe(`"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),'\tx,ok=1\r\n`);
  });
});

describe('saveCSV', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('hands the browser a CSV file under the name given', async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: vi.fn((b: Blob) => {
        blobs.push(b);
        return 'blob:csv';
      }),
      revokeObjectURL: vi.fn(),
    });
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    saveCSV('grades.csv', [['grade', 'attempts'], ['50–60 %', 2]]);
    expect(names).toEqual(['grades.csv']);
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8');
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as string);
      reader.readAsText(blobs[0]!);
    });
    expect(text).toBe('grade,attempts\r\n50–60 %,2\r\n');
  });
});
