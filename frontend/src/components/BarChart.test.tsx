import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BarChart } from './BarChart';

describe('BarChart', () => {
  const bars = [
    { label: '0–50 %', value: 1, tick: '0' },
    { label: '50–100 %', value: 4, tick: '50' },
  ];

  it('draws a named picture with a bar per figure, its height in proportion', () => {
    render(<BarChart label="Grades of Essay" bars={bars} barHeader="Grade band" valueHeader="Attempts" />);
    const chart = screen.getByRole('img', { name: 'Grades of Essay' });
    const rects = chart.querySelectorAll('rect');
    expect(rects).toHaveLength(2);
    expect(Number(rects[1]!.getAttribute('height'))).toBe(4 * Number(rects[0]!.getAttribute('height')));
    expect([...rects].map((r) => r.querySelector('title')?.textContent)).toEqual(['0–50 %: 1', '50–100 %: 4']);
    expect([...chart.querySelectorAll('text')].map((t) => t.textContent)).toEqual(['0', '50']);
  });

  it('gives the same figures as a table captioned like the chart', () => {
    render(<BarChart label="Grades of Essay" bars={bars} barHeader="Grade band" valueHeader="Attempts" />);
    const table = screen.getByRole('table', { name: 'Grades of Essay' });
    expect(within(table).getAllByRole('row').map((r) => r.textContent)).toEqual(['Grade bandAttempts', '0–50 %1', '50–100 %4']);
  });

  it('draws weeks with nothing counted as flat bars', () => {
    render(<BarChart size="small" label="Enrolments per week" bars={[{ label: 'W1', value: 0 }]} barHeader="Week" valueHeader="Enrolments" />);
    const rect = screen.getByRole('img', { name: 'Enrolments per week' }).querySelector('rect');
    expect(rect?.getAttribute('height')).toBe('0');
  });
});
